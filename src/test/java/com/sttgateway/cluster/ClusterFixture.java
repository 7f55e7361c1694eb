package com.sttgateway.cluster;

import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * Real parts for cluster tests: one simulator, one S3 server and journal key shared by {@code n} gateways whose
 * Hazelcast members list each other on 127.0.0.1 (fixed free ports). Blocking; close it in {@code @AfterEach}.
 */
final class ClusterFixture implements AutoCloseable {

  final Simulator simulator;
  final List<Gateway> gateways = new ArrayList<>();
  /** One Vertx per member, as in separate processes (in one Vertx, servers on port 0 would share one port). */
  private final List<Vertx> vertxes = new ArrayList<>();
  private final EmbeddedS3 s3;
  private final Path dir;
  private final String members;
  private final String name = "test-" + UUID.randomUUID();
  private final String key;

  private ClusterFixture(Simulator simulator, EmbeddedS3 s3, Path dir, String members) {
    this.simulator = simulator;
    this.s3 = s3;
    this.dir = dir;
    this.members = members;
    byte[] bytes = new byte[32];
    new SecureRandom().nextBytes(bytes);
    this.key = Base64.getEncoder().encodeToString(bytes);
  }

  static ClusterFixture start(Vertx vertx, Path dir, int n, SimulatorOptions sim, Map<String, String> extra)
      throws Exception {
    return start(vertx, dir, n, sim, i -> extra);
  }

  /** {@code extraOf}: the settings added to member {@code i}'s. */
  static ClusterFixture start(Vertx vertx, Path dir, int n, SimulatorOptions sim,
      IntFunction<Map<String, String>> extraOf) throws Exception {
    // A joining member asks the others at once instead of waiting 5 s (read by Hazelcast from system properties).
    System.setProperty("hazelcast.wait.seconds.before.join", "0");
    List<Integer> ports = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      ports.add(freePort());
    }
    String members = ports.stream().map(p -> "127.0.0.1:" + p).collect(Collectors.joining(","));
    ClusterFixture fixture = new ClusterFixture(Simulator.start(vertx, sim).await(),
        EmbeddedS3.start(dir.resolve("s3")), dir, members);
    try {
      for (int i = 0; i < n; i++) {
        Map<String, String> env = fixture.memberEnv(i, ports.get(i));
        env.putAll(extraOf.apply(i));
        fixture.gateways.add(fixture.startMember(i, env));
      }
      return fixture;
    } catch (Exception | Error e) {
      fixture.close();
      throw e;
    }
  }

  /** The settings of member {@code i}: the shared simulator, store, key and cluster; its own folder and port. */
  Map<String, String> memberEnv(int i, int clusterPort) {
    Map<String, String> env = new HashMap<>(TestGateway.baseEnv(dir.resolve("member-" + i)));
    env.put("GATEWAY_UPSTREAM_URL", simulator.baseUrl());
    env.put("GATEWAY_CLUSTER_NAME", name);
    env.put("GATEWAY_CLUSTER_PORT", String.valueOf(clusterPort));
    env.put("GATEWAY_CLUSTER_MEMBERS", members);
    env.put("GATEWAY_OBJECT_STORE_ENDPOINT", s3.endpoint());
    env.put("GATEWAY_OBJECT_STORE_ACCESS_KEY", s3.accessKey());
    env.put("GATEWAY_OBJECT_STORE_SECRET_KEY", s3.secretKey());
    env.put("GATEWAY_ENCRYPTION_KEY", key);
    return env;
  }

  /** Starts member {@code i} with {@code env} in a Vertx of its own (closed with the fixture). */
  Gateway startMember(int i, Map<String, String> env) {
    Vertx own = Vertx.vertx();
    vertxes.add(own);
    return Gateway.start(own, TestGateway.config(dir.resolve("member-" + i), env)).await();
  }

  String url(int member) {
    return "http://127.0.0.1:" + gateways.get(member).port();
  }

  /** The Hazelcast member of {@code gateway}, found among this JVM's members by its id. */
  static HazelcastInstance hazelcastOf(Gateway gateway) {
    String id = gateway.journal().member();
    return Hazelcast.getAllHazelcastInstances().stream()
        .filter(hz -> hz.getLifecycleService().isRunning())
        .filter(hz -> hz.getCluster().getLocalMember().getUuid().toString().equals(id))
        .findFirst().orElseThrow();
  }

  /** The id of the member owning the partition of {@code clientId}, as {@code gateway}'s member sees it. */
  static String ownerOf(Gateway gateway, String clientId) {
    return hazelcastOf(gateway).getPartitionService().getPartition(clientId).getOwner().getUuid().toString();
  }

  /**
   * A port free now, chosen below Linux's ephemeral range (32768 and up): a process started with it binds it seconds
   * later, and meanwhile the parallel test JVMs' outgoing connections and port-0 binds take ephemeral ports only (an
   * ephemeral free port was taken that way once, and the S3 server process failed to bind).
   */
  static int freePort() throws IOException {
    for (int tries = 0; ; tries++) {
      int port = 20_000 + ThreadLocalRandom.current().nextInt(12_000);
      try (ServerSocket socket = new ServerSocket(port)) {
        return socket.getLocalPort();
      } catch (IOException taken) {
        if (tries == 100) {
          throw taken;
        }
      }
    }
  }

  @Override
  public void close() throws Exception {
    for (Gateway g : gateways) {
      g.close().await();
    }
    for (Vertx v : vertxes) {
      v.close().await();
    }
    simulator.close().await();
    s3.close();
    System.clearProperty("hazelcast.wait.seconds.before.join");
  }
}
