package dev.kubelogin.azure;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import dev.kubelogin.core.AuthenticationFailedException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * azd: runs {@code azd auth token -o json --no-prompt --scope <server-id>/.default [--tenant-id T]}
 * as an argument list with {@code --timeout}.
 */
final class AzureDeveloperCliLogin implements Login {
  private final AzureOptions options;
  private final Commands commands;

  AzureDeveloperCliLogin(AzureOptions options, Commands commands) {
    this.options = options;
    this.commands = commands;
  }

  @Override
  public Result acquire(boolean forceRefresh) {
    List<String> argv =
        new ArrayList<>(
            List.of(
                "azd",
                "auth",
                "token",
                "-o",
                "json",
                "--no-prompt",
                "--scope",
                Commands.scope(options.scope())));
    options.tenantId().ifPresent(t -> argv.addAll(List.of("--tenant-id", Commands.tenant(t))));
    String stdout =
        commands
            .run(argv, Map.of(), options.timeout())
            .stdoutOrThrow("azd auth token", "Azure Developer CLI", "azd auth login");
    try {
      JsonObject o = JsonParser.parseString(stdout).getAsJsonObject();
      String token = o.get("token").getAsString();
      Instant expires = Instant.parse(o.get("expiresOn").getAsString());
      return new Result(token, expires);
    } catch (RuntimeException e) {
      throw new AuthenticationFailedException(
          "azd auth token printed no token with an expiry: " + e.getMessage(), e);
    }
  }
}
