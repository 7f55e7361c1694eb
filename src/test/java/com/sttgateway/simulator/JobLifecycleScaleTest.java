package com.sttgateway.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.junit5.VertxExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class JobLifecycleScaleTest {

  @Test
  void tenThousandJobsAllCompleteAndStayListableNewestFirst(Vertx vertx) {
    SimulatorOptions options = SimulatorOptions.defaults().withWaiting(Duration.ofMillis(50))
        .withProcessing(Duration.ofMillis(50));
    HttpClient client = vertx.createHttpClient();
    JobStore store = new JobStore();
    Notifier notifier = new Notifier(client, new CallbackRegistry(client, options.signature()),
        options.signature(), new SimulatorCounters());
    JobLifecycle lifecycle = new JobLifecycle(vertx, store, notifier, options);
    JobRequest polled = new JobRequest("", "audio/wav", JobRequest.DEFAULT_MODEL, null, Set.of(), null,
        JobRequest.DEFAULT_RESULTS_TTL_MINUTES, List.of(), ModelUse.NONE);

    vertx.runOnContext(v -> {
      for (int i = 0; i < 10_000; i++) {
        lifecycle.begin(store.add(polled, new AudioDigest.Audio(Integer.toHexString(i), 100, i % 10 == 0)));
      }
    });

    await().atMost(Duration.ofSeconds(10)).until(() -> store.size() == 10_000
        && store.newest(10_000).stream().allMatch(job -> job.status().finished()));
    List<Job> newest = store.newest(100);
    assertThat(newest).hasSize(100);
    assertThat(newest.get(0).audio().sha256()).isEqualTo(Integer.toHexString(9_999));
    assertThat(store.newest(10_000).stream().filter(job -> job.status() == JobStatus.FAILED)).hasSize(1_000);
  }
}
