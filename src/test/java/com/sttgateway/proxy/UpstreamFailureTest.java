package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** What a client sees when the exchange breaks on either side. */
@ExtendWith(VertxExtension.class)
class UpstreamFailureTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    env.close();
  }

  @Test
  void anUpstreamSilentPastTheIdleTimeoutAnswers504(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(),
        Map.of("GATEWAY_UPSTREAM_IDLE_TIMEOUT_SECONDS", "1"));
    env.simulator.slowDown(Duration.ofSeconds(3));
    WebClient web = WebClient.create(vertx); // kept reachable to the end: see SimulatorFaultsTest
    HttpResponse<Buffer> response = web.getAbs(env.url() + "/v1/models")
        .putHeader("Authorization", TestGateway.AUTH).send().await();
    web.close();
    assertThat(response.statusCode()).isEqualTo(504);
    assertThat(response.bodyAsJsonObject().getString("code_description")).isEqualTo("Gateway Timeout");
  }

  @Test
  void aClientThatDisconnectsMidUploadCreatesNoJobUpstream(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    NetClient net = vertx.createNetClient(); // kept reachable to the end: see SimulatorFaultsTest
    NetSocket socket = net.connect(env.gateway.port(), "127.0.0.1").await();
    String head = "POST /v1/recognitions HTTP/1.1\r\nHost: gw\r\nAuthorization: " + TestGateway.AUTH
        + "\r\nContent-Type: audio/wav\r\nTransfer-Encoding: chunked\r\n\r\n";
    socket.write(head + "1000\r\n" + "a".repeat(0x1000) + "\r\n").await();
    // Let the gateway open the upstream request and forward the first chunk before the client goes away.
    vertx.timer(500).await();
    socket.close().await();

    // A truncated chunked body must be reset upstream, never ended: the simulator would create a job from it.
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3))
        .until(() -> env.simulator.stats().jobsCreated() == 0);
    net.close().await();
  }

  /**
   * The upstream closes the connection of a bodiless, idempotent request with no answer (as a server ending a
   * keep-alive connection just as the gateway reuses it; bench/fuzz met it once in 20,000): one more try on a fresh
   * connection answers the client, on the passthrough and on the job routes, instead of a 502.
   */
  @Test
  void aBodilessCallWhoseConnectionClosesUnansweredIsTriedOnceMore(Vertx vertx) {
    // The job waits upstream throughout: a job being processed cannot be deleted (409).
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults().withWaiting(Duration.ofMinutes(5)), Map.of());
    WebClient web = WebClient.create(vertx); // kept reachable to the end: see SimulatorFaultsTest
    String job = web.postAbs(env.url() + "/v1/recognitions").putHeader("Authorization", TestGateway.AUTH)
        .putHeader("Content-Type", "audio/wav").sendBuffer(Buffer.buffer("a".repeat(4000))).await()
        .bodyAsJsonObject().getString("id");

    env.simulator.dropConnections(1);
    HttpResponse<Buffer> models = web.getAbs(env.url() + "/v1/models")
        .putHeader("Authorization", TestGateway.AUTH).send().await();
    env.simulator.dropConnections(1);
    HttpResponse<Buffer> status = web.getAbs(env.url() + "/v1/recognitions/" + job)
        .putHeader("Authorization", TestGateway.AUTH).send().await();
    env.simulator.dropConnections(1);
    HttpResponse<Buffer> deleted = web.deleteAbs(env.url() + "/v1/recognitions/" + job)
        .putHeader("Authorization", TestGateway.AUTH).send().await();
    web.close();

    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(status.statusCode()).isEqualTo(200);
    assertThat(deleted.statusCode()).isEqualTo(204);
  }
}
