package com.sttgateway.journal;

import com.hazelcast.core.HazelcastInstance;
import com.sttgateway.cluster.ClusterNode;
import com.sttgateway.cluster.MemberIdentity;
import com.sttgateway.config.GatewayConfig;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Real parts for journal tests: one embedded S3 server, and a fresh bucket (so an empty journal) per store.
 * Blocking helpers for a test thread; close it in {@code @AfterAll}.
 */
final class JournalFixture implements AutoCloseable {

  /** What every test member shows its peers: the same, so they form one cluster. */
  static final MemberIdentity IDENTITY = new MemberIdentity("test", "test");

  private final EmbeddedS3 s3;
  private final Path dir;
  private final WorkerExecutor io;

  private JournalFixture(EmbeddedS3 s3, Path dir, WorkerExecutor io) {
    this.s3 = s3;
    this.dir = dir;
    this.io = io;
  }

  static JournalFixture start(Vertx vertx, Path dir) throws Exception {
    return new JournalFixture(EmbeddedS3.start(dir), dir,
        vertx.createSharedWorkerExecutor("journal-io", 8, 10, TimeUnit.MINUTES));
  }

  /** A store over the same bucket as {@code store} that reads the S3 server's folder directly, as the gateway's
   * embedded store does. */
  ObjectStore folderStore(ObjectStore store) {
    return new ObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1", store.bucket(), io, io, dir, null);
  }

  /** A store over a new, empty bucket. */
  ObjectStore newStore() {
    return store("journal-" + UUID.randomUUID().toString().substring(0, 8).toLowerCase(Locale.ROOT));
  }

  /** A store over {@code bucket}, created unless it exists. */
  ObjectStore store(String bucket) {
    ObjectStore store = new ObjectStore(s3.endpoint(), s3.accessKey(), s3.secretKey(), "us-east-1", bucket, io, io);
    store.ensureBucket().await();
    return store;
  }

  /** The settings of {@code n} members of one new cluster on 127.0.0.1 that list each other; start them with
   * {@link ClusterNode#start}. */
  static List<GatewayConfig.Cluster> clusterOf(int n) throws java.io.IOException {
    System.setProperty("hazelcast.wait.seconds.before.join", "0"); // a joining member asks the others at once
    List<Integer> ports = new java.util.ArrayList<>();
    for (int i = 0; i < n; i++) {
      try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
        ports.add(s.getLocalPort());
      }
    }
    String name = "test-" + UUID.randomUUID();
    List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
    return ports.stream().map(p -> new GatewayConfig.Cluster(name, p, members, "", "", "")).toList();
  }

  /** A new single Hazelcast member in a cluster of its own. */
  static HazelcastInstance member() {
    return ClusterNode.start(new GatewayConfig.Cluster("test-" + UUID.randomUUID(), 0, List.of(), "", "", ""),
        java.nio.file.Path.of("target", "journal-fixture"), IDENTITY);
  }

  @Override
  public void close() throws Exception {
    io.close().await();
    s3.close();
  }
}
