package dev.kubelogin.benchmarks;

import dev.kubelogin.core.AccessToken;
import dev.kubelogin.core.CachingTokenProvider;
import dev.kubelogin.core.RefreshPolicy;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The hot path of {@link CachingTokenProvider#token()} (a fresh cached token), and the refresh path
 * when every call invalidates the token it got, so that refreshes contend on the single flight. Run
 * the thread counts with {@code -t}; see {@code benchmarks/run.sh}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@State(Scope.Benchmark)
public class CachedTokenBenchmark {
  private CachingTokenProvider cached;
  private CachingTokenProvider refreshing;
  private final AtomicLong counter = new AtomicLong();

  @Setup
  public void setUp() {
    Instant expiry = Instant.now().plusSeconds(3600);
    cached = CachingTokenProvider.builder(() -> AccessToken.bearer("token", expiry)).build();
    cached.token();
    refreshing =
        CachingTokenProvider.builder(
                () -> AccessToken.bearer("token-" + counter.incrementAndGet(), expiry))
            .refreshPolicy(RefreshPolicy.defaults())
            .build();
  }

  @Benchmark
  public AccessToken cachedToken() {
    return cached.token();
  }

  @Benchmark
  public AccessToken invalidateThenToken() {
    AccessToken t = refreshing.token();
    refreshing.invalidate(t);
    return refreshing.token();
  }
}
