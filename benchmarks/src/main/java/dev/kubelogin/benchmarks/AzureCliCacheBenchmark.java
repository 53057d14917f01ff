package dev.kubelogin.benchmarks;

import dev.kubelogin.azure.AzureOptions;
import dev.kubelogin.azure.AzureTokenProvider;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * {@code --login azurecli} served from the Azure CLI's MSAL cache in-process: a new provider per
 * call (as a fresh CLI process would build), reading {@code msal_token_cache.json} and {@code
 * azureProfile.json} from {@code -Dkubelogin.bench.azureConfigDir} (benchmarks/azurecli.sh makes
 * one). Compare with the median of {@code az account get-access-token} the script reports.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class AzureCliCacheBenchmark {
  private AzureOptions options;
  private Map<String, String> env;

  @Setup
  public void setUp() {
    String dir = System.getProperty("kubelogin.bench.azureConfigDir");
    if (dir == null) {
      throw new IllegalStateException("run through benchmarks/azurecli.sh");
    }
    options =
        AzureOptions.parse(
            List.of(
                "--login",
                "azurecli",
                "--server-id",
                System.getProperty("kubelogin.bench.serverId")),
            Map.of());
    env = Map.of("AZURE_CONFIG_DIR", dir, "PATH", "/nonexistent"); // never falls back to az
    if (!token().equals("bench-access-token")) {
      throw new IllegalStateException("the in-process path did not serve the cached token");
    }
  }

  @Benchmark
  public String token() {
    return AzureTokenProvider.builder(options).environment(env).build().token().value();
  }
}
