package com.sttgateway.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.Gateway;
import com.sttgateway.journal.JobRecord;
import com.sttgateway.journal.JobState;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.EnumSet;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A member whose journal key or object store differs from its peers' is refused at join, and changes nothing. */
@ExtendWith(VertxExtension.class)
class ClusterJoinRefusalTest {

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
  void membersWithAnotherKeyOrStoreAreRefusedNamingTheDifferenceAndTheClusterKeepsItsJobs(Vertx vertx)
      throws Exception {
    cluster = ClusterFixture.start(vertx, dir, 2, ClusterOwnershipTest.quickJobs(), ClusterOwnershipTest.FAST);
    Gateway first = cluster.gateways.get(0);
    assertThat(ClusterFixture.hazelcastOf(first).getCluster().getMembers()).as("same key and store: one cluster")
        .hasSize(2);
    Map<String, String> shaById = ClusterOwnershipTest.queueWhileDown(cluster, JOBS);
    Map<String, JobRecord> before = index(first);
    assertThat(before).hasSize(JOBS);

    byte[] otherKey = new byte[32];
    new SecureRandom().nextBytes(otherKey);
    assertThatThrownBy(() -> join(2, "GATEWAY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(otherKey)))
        .hasMessageContaining("refusing to join the cluster").hasMessageContaining("another journal key")
        .hasMessageNotContaining(Base64.getEncoder().encodeToString(otherKey));
    assertThatThrownBy(() -> join(3, "GATEWAY_OBJECT_STORE_BUCKET", "another-bucket"))
        .hasMessageContaining("refusing to join the cluster").hasMessageContaining("another object store")
        .hasMessageContaining("another-bucket");

    HazelcastInstance hz = ClusterFixture.hazelcastOf(first);
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
        assertThat(hz.getCluster().getMembers()).as("the refused members left").hasSize(2));
    assertThat(index(first)).as("the index after the refusals").isEqualTo(before);
    assertThat(index(cluster.gateways.get(1))).isEqualTo(before);

    cluster.simulator.comeBack().await();
    ClusterOwnershipTest.awaitCompleted(cluster.url(1), shaById.keySet());
  }

  /** Starts member {@code i} as one more peer of the cluster, with {@code setting} changed to {@code value}. */
  private void join(int i, String setting, String value) throws Exception {
    Map<String, String> env = cluster.memberEnv(i, ClusterFixture.freePort());
    env.putAll(ClusterOwnershipTest.FAST);
    env.put(setting, value);
    Gateway joined = cluster.startMember(i, env);
    cluster.gateways.add(joined); // closed with the fixture when the refusal did not happen
  }

  /** Every job record in the index as {@code gateway} sees it, by client id. */
  private static Map<String, JobRecord> index(Gateway gateway) {
    return gateway.journal().findByState(EnumSet.allOf(JobState.class)).await().stream()
        .collect(Collectors.toMap(JobRecord::clientId, Function.identity()));
  }
}
