package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.Gateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import com.sttgateway.journal.OwnedJobs;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Members leaving a cluster, gracefully or not, leave every journaled job to the ones that stay. */
@ExtendWith(VertxExtension.class)
class ClusterShutdownTest {

  private static final int JOBS = 24;

  @TempDir Path dir;
  private ClusterFixture cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void twoMembersStoppedTogetherLeaveEveryQueuedJobToTheSurvivorWhichResubmitsThem(Vertx vertx) throws Exception {
    cluster = ClusterFixture.start(vertx, dir, 3, ClusterOwnershipTest.quickJobs(), ClusterOwnershipTest.FAST);
    Map<String, String> shaById = ClusterOwnershipTest.queueWhileDown(cluster, JOBS);

    // The graceful path the process's shutdown hook runs, on two members at once.
    Future.all(cluster.gateways.get(1).close(), cluster.gateways.get(2).close()).await();

    Gateway survivor = cluster.gateways.get(0);
    for (String id : shaById.keySet()) {
      JobRecord job = survivor.journal().get(id).await();
      assertThat(job).as("index entry of " + id).isNotNull();
      assertThat(job.state()).isEqualTo(JobState.QUEUED);
    }
    assertThat(new OwnedJobs(survivor.journal()).findByState(EnumSet.of(JobState.QUEUED)).await())
        .as("the survivor owns every queued job").hasSize(JOBS);
    resubmittedOnceBy(survivor, shaById);
  }

  @Test
  void twoMembersThatCrashTogetherLoseNoJobTheSurvivorIndexesThemAgainFromTheStore(Vertx vertx) throws Exception {
    cluster = ClusterFixture.start(vertx, dir, 3, ClusterOwnershipTest.quickJobs(), ClusterOwnershipTest.FAST);
    Map<String, String> shaById = ClusterOwnershipTest.queueWhileDown(cluster, JOBS);

    // Both members vanish at once without handing their partitions over (a crash): with one backup per
    // partition, the partitions whose two copies were on them are gone from the index.
    List<HazelcastInstance> crashing = List.of(ClusterFixture.hazelcastOf(cluster.gateways.get(1)),
        ClusterFixture.hazelcastOf(cluster.gateways.get(2)));
    CompletableFuture.allOf(crashing.stream().map(hz -> CompletableFuture.runAsync(
        () -> hz.getLifecycleService().terminate())).toArray(CompletableFuture[]::new)).join();

    Gateway survivor = cluster.gateways.get(0);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
      for (String id : shaById.keySet()) {
        assertThat(survivor.journal().get(id).await()).as("index entry of " + id).isNotNull();
      }
    });
    resubmittedOnceBy(survivor, shaById);
  }

  /** The upstream returns: every job completes for its client at {@code survivor}, created upstream once. */
  private void resubmittedOnceBy(Gateway survivor, Map<String, String> shaById) {
    cluster.simulator.comeBack().await();
    ClusterOwnershipTest.awaitCompleted("http://127.0.0.1:" + survivor.port(), shaById.keySet());
    Map<String, Long> created = cluster.simulator.stats().jobsCreatedByAudioSha256();
    shaById.values().forEach(sha -> assertThat(created.get(sha)).as("creations of " + sha).isEqualTo(1L));
  }
}
