package dev.kubelogin.cli;

import dev.kubelogin.azure.AzureOptions;
import dev.kubelogin.azure.AzureTokenProvider;
import dev.kubelogin.azure.KubeconfigConverter;
import dev.kubelogin.core.InvalidConfigurationException;
import dev.kubelogin.core.KubeloginException;
import dev.kubelogin.core.flags.GoFlag;
import dev.kubelogin.core.flags.GoFlagSet;
import dev.kubelogin.core.flags.GoFlags;
import dev.kubelogin.oidc.GetTokenOptions;
import dev.kubelogin.oidc.OidcTokenProvider;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParseResult;

/**
 * The commands other than get-token, setup and convert-kubeconfig, and the usage help of all: the
 * picocli model, built from the flags the library declares, which tool detection ({@link Flags})
 * reads too. Kept apart from {@link Main} so a cache-hit get-token never loads picocli.
 */
final class Commands {
  /** int128/kubelogin's get-token flags shown in help, in its {@code --help} order. */
  private static final List<GoFlag> INT128 = shown(GetTokenOptions.flags());

  /** Azure/kubelogin's get-token flags shown in help. */
  private static final List<GoFlag> AZURE = shown(AzureOptions.flags());

  /** klog flags both tools accept, as help shows them. */
  private static final List<GoFlag> LOGGING =
      GoFlags.LOGGING.stream().filter(f -> !f.isHidden()).collect(Collectors.toList());

  private Commands() {}

  private static List<GoFlag> shown(GoFlagSet set) {
    return set.flags().stream()
        .filter(f -> !f.isHidden() && !GoFlags.LOGGING.contains(f))
        .collect(Collectors.toList());
  }

  static CommandLine commandLine(Program program) {
    CommandSpec root =
        command(
                program.displayName(),
                program == Program.OIDC_LOGIN
                    ? "Log in to an OpenID Connect provider and print an ExecCredential for"
                        + " kubectl (the flags and cache of int128/kubelogin)."
                    : "Kubernetes credentials from OpenID Connect or Microsoft Entra ID: a"
                        + " drop-in for int128/kubelogin (kubectl oidc-login) and"
                        + " Azure/kubelogin.")
            .version(Main.version());
    CommandLine cl = new CommandLine(root);
    cl.setOverwrittenOptionsAllowed(true);
    cl.setUnmatchedArgumentsAllowed(false);

    List<GoFlag> getToken = new ArrayList<>(INT128);
    if (program == Program.KUBELOGIN) {
      getToken.addAll(AZURE);
    }
    getToken.addAll(LOGGING);
    cl.addSubcommand(
        "get-token",
        withFlags(
            program,
            "get-token",
            program == Program.KUBELOGIN
                ? "Print an ExecCredential for kubectl. OpenID Connect with --oidc-issuer-url"
                    + " (int128/kubelogin's flags), Microsoft Entra ID with --server-id"
                    + " (Azure/kubelogin's flags); a mix is an error."
                : "Print an ExecCredential for kubectl (int128/kubelogin's flags).",
            getToken));

    List<GoFlag> setup = new ArrayList<>();
    INT128.stream().filter(f -> !Setup.NOT_FOR_SETUP.contains(f.name())).forEach(setup::add);
    setup.addAll(Setup.OWN_FLAGS);
    setup.addAll(LOGGING);
    cl.addSubcommand("setup", withFlags(program, "setup", Setup.help(program), setup));

    cl.addSubcommand(
        "clean",
        command("clean", "Delete the OpenID Connect token cache directory.")
            .addOption(value("--token-cache-dir", "DIR", "Cache directory to delete")));

    if (program == Program.KUBELOGIN) {
      List<GoFlag> convert = new ArrayList<>(AZURE);
      convert.addAll(KubeconfigConverter.ownFlags());
      convert.addAll(LOGGING);
      cl.addSubcommand(
          "convert-kubeconfig",
          withFlags(
              program,
              "convert-kubeconfig",
              "Rewrite kubeconfig users to run kubelogin get-token in the given login mode"
                  + " (as Azure/kubelogin does).",
              convert));
      cl.addSubcommand(
          "remove-cache-dir",
          command("remove-cache-dir", "Delete the Microsoft Entra ID token cache directory.")
              .addOption(value("--cache-dir", "DIR", "Cache directory to delete")));
      CommandSpec removeTokens =
          command("remove-tokens", "Deprecated: use remove-cache-dir.")
              .addOption(value("--token-cache-dir", "DIR", "Cache directory to delete"));
      removeTokens.usageMessage().hidden(true);
      cl.addSubcommand("remove-tokens", removeTokens);
    }
    cl.addSubcommand("version", command("version", "Print the version."));
    cl.addSubcommand(
        "completion",
        command(
                "completion",
                "Print a shell completion script, for example: source <("
                    + program.executable()
                    + " completion bash)")
            .addPositional(
                PositionalParamSpec.builder()
                    .paramLabel("SHELL")
                    .arity("0..1")
                    .type(String.class)
                    .description("bash (default) or zsh")
                    .build()));
    return cl;
  }

  /** Parses {@code args} with picocli and runs the command (help, completion, clean, …). */
  static int run(List<String> args, Program program, Io io) {
    CommandLine cl = commandLine(program);
    PrintWriter out = new PrintWriter(io.out, true);
    PrintWriter err = new PrintWriter(io.err, true);
    cl.setOut(out);
    cl.setErr(err);
    ParseResult parsed;
    try {
      parsed = cl.parseArgs(args.toArray(String[]::new));
    } catch (CommandLine.ParameterException e) {
      err.println("error: " + e.getMessage());
      err.println("See '" + program.displayName() + " --help'.");
      return 1;
    }
    if (CommandLine.printHelpIfRequested(parsed)) {
      return 0;
    }
    if (parsed.isVersionHelpRequested()) {
      out.println(Main.version());
      return 0;
    }
    if (!parsed.hasSubcommand()) {
      cl.usage(out);
      return 0;
    }
    ParseResult sub = parsed.subcommand();
    String name = sub.commandSpec().name();
    switch (name) {
      case "clean":
        {
          Path dir =
              sub.hasMatchedOption("--token-cache-dir")
                  ? Path.of(sub.<String>matchedOptionValue("--token-cache-dir", ""))
                  : GetTokenOptions.defaultCacheDirectory(io.env, io.home);
          AzureTokenProvider.removeCache(dir, io.env); // the whole directory, as int128's clean
          io.err.println("Deleted the token cache from " + dir);
          try {
            OidcTokenProvider.removeKeyringTokens(
                io.env); // every kubelogin item, as int128's clean
            io.err.println("Deleted the token cache from the keyring");
          } catch (KubeloginException e) {
            io.err.println("Could not delete the token cache from the keyring: " + e.getMessage());
          }
          return 0;
        }
      case "remove-tokens":
      case "remove-cache-dir":
        {
          if (name.equals("remove-tokens")) {
            io.err.println("Command \"remove-tokens\" is deprecated, use remove-cache-dir");
          }
          String flag = name.equals("remove-tokens") ? "--token-cache-dir" : "--cache-dir";
          Path dir =
              sub.hasMatchedOption(flag)
                  ? Path.of(sub.<String>matchedOptionValue(flag, ""))
                  : AzureOptions.defaultCacheDirectory(io.env, io.home);
          AzureTokenProvider.removeCache(dir, io.env);
          io.err.println("Removed " + dir);
          return 0;
        }
      case "version":
        out.println(Main.version());
        return 0;
      case "completion":
        {
          String shell = sub.matchedPositionalValue(0, "bash");
          if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new InvalidConfigurationException(
                "completion: unsupported shell \"" + shell + "\": use bash or zsh");
          }
          String script = AutoComplete.bash(program.executable(), cl);
          if (shell.equals("zsh")) {
            out.println("autoload -U +X compinit && compinit");
            out.println("autoload -U +X bashcompinit && bashcompinit");
          }
          out.print(script);
          out.flush();
          return 0;
        }
      default:
        // get-token, setup, convert-kubeconfig reach here only with --help
        cl.getSubcommands().get(name).usage(out);
        return 0;
    }
  }

  private static CommandSpec command(String name, String description) {
    CommandSpec spec = CommandSpec.create().name(name).mixinStandardHelpOptions(true);
    spec.usageMessage().sortOptions(false).description(description);
    return spec;
  }

  /** A command whose flags the library parses; picocli only describes them. */
  private static CommandSpec withFlags(
      Program program, String name, String description, List<GoFlag> flags) {
    CommandSpec spec = command(name, description).addPositional(hiddenRest());
    spec.usageMessage().customSynopsis(program.displayName() + " " + name + " [FLAGS]");
    return addFlags(spec, flags);
  }

  /** Takes anything help does not describe, so {@code --help} works after any flags. */
  private static PositionalParamSpec hiddenRest() {
    return PositionalParamSpec.builder().arity("0..*").type(String[].class).hidden(true).build();
  }

  private static CommandSpec addFlags(CommandSpec spec, List<GoFlag> flags) {
    Set<String> seen = new java.util.HashSet<>();
    for (GoFlag f : flags) {
      if (!seen.add(f.name())) {
        continue; // --username, --password, --token-cache-dir: both tools take them
      }
      List<String> names = new ArrayList<>();
      f.shorthand().ifPresent(c -> names.add("-" + c));
      names.add("--" + f.name());
      OptionSpec.Builder o =
          OptionSpec.builder(names.toArray(String[]::new)).description(f.usage());
      if (f.kind() == GoFlag.Kind.BOOL) {
        o.type(boolean.class).arity("0..1").paramLabel("BOOL");
      } else {
        o.type(String[].class).arity("1").paramLabel(f.valueLabel().orElse("VALUE"));
      }
      spec.addOption(o.build());
    }
    return spec;
  }

  private static OptionSpec value(String name, String label, String description) {
    return OptionSpec.builder(name)
        .type(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }
}
