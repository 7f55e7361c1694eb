package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.journal.EmbeddedS3;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Uploads to an external store share one heap budget for part buffers: a client that sent a little and stalled
 * must hold about what it sent, not a whole part, or a few of them starve everyone else until the stall timeout.
 */
@ExtendWith(VertxExtension.class)
class StalledUploadsTest {

  private static final int PART = 5 * 1024 * 1024;

  @TempDir Path dataDir;
  private EmbeddedS3 s3;
  private Simulator simulator;
  private Gateway gateway;
  private NetClient net;
  private WebClient web;

  @BeforeEach
  void start(Vertx vertx) throws Exception {
    s3 = EmbeddedS3.start(dataDir.resolve("s3"));
    simulator = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    // Budget: 2 x 1 upload x 5 MiB = 10 MiB. Stall timeout far beyond the test's bound.
    gateway = Gateway.start(vertx, TestGateway.config(dataDir.resolve("gw"), Map.of(
        "GATEWAY_UPSTREAM_URL", simulator.baseUrl(),
        "GATEWAY_OBJECT_STORE_ENDPOINT", s3.endpoint(),
        "GATEWAY_OBJECT_STORE_ACCESS_KEY", s3.accessKey(),
        "GATEWAY_OBJECT_STORE_SECRET_KEY", s3.secretKey(),
        "GATEWAY_ENCRYPTION_KEY", Base64.getEncoder().encodeToString(new byte[32]),
        "GATEWAY_JOURNAL_MAX_CONCURRENT_UPLOADS", "1",
        "GATEWAY_JOURNAL_PART_SIZE_BYTES", String.valueOf(PART),
        "GATEWAY_JOURNAL_UPLOAD_STALL_SECONDS", "600"))).await();
    net = vertx.createNetClient();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() throws Exception {
    web.close();
    gateway.close().await();
    net.close().await();
    simulator.close().await();
    s3.close();
  }

  @Test
  void clientsThatSentALittleAndStalledDoNotStarveANormalSubmission() {
    List<NetSocket> stalled = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      NetSocket socket = net.connect(gateway.port(), "127.0.0.1").await();
      socket.write("POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
          + "\r\nContent-Type: audio/wav\r\nContent-Length: 20000000\r\n\r\n" + "a".repeat(100_000)).await();
      stalled.add(socket);
    }
    Future<HttpResponse<Buffer>> normal = web.post(gateway.port(), "127.0.0.1", "/v1/recognitions")
        .putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(JournaledSubmitTest.audio(200_000, 5)));

    Awaitility.await().atMost(Duration.ofSeconds(60)).until(normal::isComplete);
    assertThat(normal.result().statusCode()).isEqualTo(201);
    stalled.forEach(NetSocket::close);
  }
}
