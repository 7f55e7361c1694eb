package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * A member that dies after the upstream accepted its resubmission but before it recorded the new id: the member that
 * takes the job over finds the upstream copy (relay mode marks each resubmission) instead of sending it again.
 */
@ExtendWith(VertxExtension.class)
class ClusterTakeoverTest {

  private static final int JOBS = 8;

  @TempDir Path dir;
  private ClusterFixture cluster;

  @AfterEach
  void stop() throws Exception {
    if (cluster != null) {
      cluster.close();
    }
  }

  @Test
  void aJobAcceptedUpstreamJustBeforeItsMemberDiedIsNotSentAgain(Vertx vertx) throws Exception {
    int relayPort = ClusterFixture.freePort();
    // Every job of the dying member is sent at once: its held sends must not wait on one another for a lane.
    Map<String, String> relay = Map.of("GATEWAY_CALLBACKS_PUBLIC_URL", "http://127.0.0.1:" + relayPort,
        "GATEWAY_RECOVERY_CONCURRENCY", String.valueOf(JOBS));
    cluster = ClusterFixture.start(vertx, dir, 2, ClusterOwnershipTest.quickJobs(), i -> {
      Map<String, String> env = new HashMap<>(ClusterOwnershipTest.settings(relay));
      if (i == 0) {
        env.put("GATEWAY_PORT", String.valueOf(relayPort)); // the survivor receives the upstream's notifications
      }
      return env;
    });
    Gateway survivor = cluster.gateways.get(0);
    String dying = cluster.gateways.get(1).journal().member();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        ClusterFixture.hazelcastOf(survivor).getPartitionService().isClusterSafe());

    // Queued while the upstream is down; only the dying member's jobs are kept (the survivor's own resubmissions
    // would otherwise wait on the held replies below).
    Map<String, String> shaById = new HashMap<>(ClusterOwnershipTest.queueWhileDown(cluster, JOBS));
    shaById.keySet().removeIf(id -> !ClusterFixture.ownerOf(survivor, id).equals(dying) && delete(id));
    assertThat(shaById).as("jobs owned by the member that dies").isNotEmpty();

    // The upstream creates each resubmitted job at once and holds its 201 until the member is gone (then it comes,
    // and cannot be recorded): the member dies before it learns the ids.
    cluster.simulator.delayCreatedReplies(Duration.ofMinutes(5));
    cluster.simulator.comeBack().await();
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      Map<String, Long> created = cluster.simulator.stats().jobsCreatedByAudioSha256();
      return shaById.values().stream().allMatch(created::containsKey);
    });
    ClusterFixture.hazelcastOf(cluster.gateways.get(1)).getLifecycleService().terminate();
    cluster.simulator.delayCreatedReplies(Duration.ZERO);

    ClusterOwnershipTest.awaitCompleted(cluster.url(0), shaById.keySet());
    Map<String, Long> created = cluster.simulator.stats().jobsCreatedByAudioSha256();
    shaById.forEach((id, sha) -> assertThat(created.get(sha)).as("upstream creations of job " + id).isEqualTo(1L));
    shaById.keySet().forEach(id -> assertThat(survivor.journal().get(id).await().history())
        .as("history of job " + id).anyMatch(h -> h.event().equals("adopted")));
  }

  /** Deletes a queued job through the survivor; true once it is gone. */
  private boolean delete(String id) {
    try {
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create(cluster.url(0) + "/v1/recognitions/" + id)).header("Authorization", TestGateway.AUTH)
          .DELETE().build(), HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
      return true;
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
