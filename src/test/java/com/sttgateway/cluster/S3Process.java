package com.sttgateway.cluster;

import static org.awaitility.Awaitility.await;

import com.sttgateway.GatewayProcess;
import com.sttgateway.journal.EmbeddedS3;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;

/**
 * An S3 server of its own: the gateway's S3Proxy run standalone ({@link EmbeddedS3#main}) in a separate process,
 * on a free port of 127.0.0.1, with credentials made up per start. What the members of a cluster share.
 */
final class S3Process implements AutoCloseable {

  private final GatewayProcess process;
  private final Map<String, String> env;

  private S3Process(GatewayProcess process, Map<String, String> env) {
    this.process = process;
    this.env = env;
  }

  /** Starts it and waits (at most a minute) until it serves. */
  static S3Process start(Path dir) throws IOException {
    int port = ClusterFixture.freePort();
    String accessKey = "cluster-" + UUID.randomUUID().toString().substring(0, 8);
    String secretKey = UUID.randomUUID().toString();
    GatewayProcess process = GatewayProcess.startMain(Files.createDirectories(dir),
        Map.of("S3_ACCESS_KEY", accessKey, "S3_SECRET_KEY", secretKey), EmbeddedS3.class.getName(),
        dir.resolve("data").toAbsolutePath().toString(), String.valueOf(port));
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      if (!process.alive()) {
        throw new AssertionError("the S3 server exited: " + process.stderr());
      }
      return process.stdout().contains("S3 server at ");
    });
    return new S3Process(process, Map.of("GATEWAY_OBJECT_STORE_ENDPOINT", "http://127.0.0.1:" + port,
        "GATEWAY_OBJECT_STORE_ACCESS_KEY", accessKey, "GATEWAY_OBJECT_STORE_SECRET_KEY", secretKey));
  }

  /** The settings that point a gateway at this server. */
  Map<String, String> env() {
    return env;
  }

  @Override
  public void close() throws InterruptedException {
    process.close();
  }
}
