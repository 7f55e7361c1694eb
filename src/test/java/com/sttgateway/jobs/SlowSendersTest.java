package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.Gateway;
import com.sttgateway.TestGateway;
import com.sttgateway.simulator.Simulator;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetServer;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10 item 7: clients that send headers and then dribble must not hold up anyone else's submission. */
@ExtendWith(VertxExtension.class)
class SlowSendersTest {

  @TempDir Path dataDir;
  private Simulator simulator;
  private NetServer relay;
  private Gateway gateway;
  private NetClient net;
  private WebClient web;
  /** Submissions whose first body byte reached the upstream: each has its upload under way by then. */
  private final AtomicInteger forwarded = new AtomicInteger();

  @BeforeEach
  void start(Vertx vertx) {
    simulator = Simulator.start(vertx, SimulatorOptions.defaults()).await();
    net = vertx.createNetClient();
    relay = vertx.createNetServer().connectHandler(client -> {
      client.pause();
      net.connect(simulator.port(), "127.0.0.1").onSuccess(upstream -> {
        StringBuilder head = new StringBuilder();
        client.handler(data -> {
          if (head.length() < 65536) {
            head.append(data.toString(java.nio.charset.StandardCharsets.ISO_8859_1));
            int end = head.indexOf("\r\n\r\n");
            if (head.indexOf("POST /v1/recognitions") == 0 && end > 0 && head.length() > end + 4) {
              forwarded.incrementAndGet();
              head.setLength(65536); // counted once
            }
          }
          upstream.write(data);
        });
        upstream.handler(client::write);
        client.closeHandler(v -> upstream.close());
        upstream.closeHandler(v -> client.close());
        client.resume();
      });
    }).listen(0, "127.0.0.1").await();
    // Idle timeouts far beyond the test's bound: a submission queued behind the slow senders would clearly hang.
    gateway = Gateway.start(vertx, TestGateway.config(dataDir, Map.of(
        "GATEWAY_UPSTREAM_URL", "http://127.0.0.1:" + relay.actualPort(),
        "GATEWAY_IDLE_TIMEOUT_SECONDS", "900", "GATEWAY_UPSTREAM_IDLE_TIMEOUT_SECONDS", "900"))).await();
    web = WebClient.create(vertx);
  }

  @AfterEach
  void stop() {
    web.close();
    gateway.close().await();
    relay.close().await();
    net.close().await();
    simulator.close().await();
  }

  @Test
  void eightSlowUploadsDoNotDelayANormalSubmission() {
    List<NetSocket> slow = new ArrayList<>();
    for (int i = 0; i < 8; i++) { // journal.maxConcurrentUploads is 8 by default
      NetSocket socket = net.connect(gateway.port(), "127.0.0.1").await();
      socket.write("POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
          + "\r\nContent-Type: audio/wav\r\nContent-Length: 1000000\r\n\r\nx").await();
      slow.add(socket);
    }
    Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> forwarded.get() == 8);
    Future<HttpResponse<Buffer>> normal = web.post(gateway.port(), "127.0.0.1", "/v1/recognitions")
        .putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav")
        .sendBuffer(Buffer.buffer(JournaledSubmitTest.audio(200_000, 9)));

    Awaitility.await().atMost(Duration.ofSeconds(20)).until(normal::isComplete);
    assertThat(normal.result().statusCode()).isEqualTo(201);
    JsonObject job = normal.result().bodyAsJsonObject();
    assertThat(gateway.journal().get(job.getString("id")).await()).isNotNull();
    slow.forEach(NetSocket::close);
  }
}
