package com.sttgateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.IOException;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the gateway (what SIGTERM runs) closes the client port first and lets a submission under way finish. */
@ExtendWith(VertxExtension.class)
class GracefulShutdownTest {

  @TempDir Path dataDir;

  @Test
  void aSubmissionUnderWayWhenTheGatewayStopsIsStillAcceptedWhileNewConnectionsAreRefused(Vertx vertx)
      throws Exception {
    TestGateway env = TestGateway.start(vertx, dataDir);
    int port = env.gateway.port();
    byte[] audio = new byte[8_000];
    new Random(7).nextBytes(audio);
    HttpClientRequest upload = vertx.createHttpClient()
        .request(HttpMethod.POST, port, "127.0.0.1", "/v1/recognitions").await()
        .putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav")
        .putHeader("Content-Length", String.valueOf(audio.length)).putHeader("Expect", "100-continue");
    Promise<Void> received = Promise.promise(); // the gateway answers 100 Continue once it has the request
    upload.continueHandler(v -> received.tryComplete());
    Future<HttpClientResponse> answer = upload.response();
    upload.sendHead().await(20, TimeUnit.SECONDS);
    received.future().await(20, TimeUnit.SECONDS);
    upload.write(Buffer.buffer(audio).slice(0, 4_000)).await(20, TimeUnit.SECONDS);

    Future<Void> stopped = env.gateway.close();
    await().atMost(Duration.ofSeconds(10)).until(() -> refuses(port));
    upload.end(Buffer.buffer(audio).slice(4_000, audio.length)).await(20, TimeUnit.SECONDS);

    Buffer body = answer.compose(HttpClientResponse::body).await(20, TimeUnit.SECONDS);
    assertThat(answer.result().statusCode()).as(body.toString()).isEqualTo(201);
    assertThat(new JsonObject(body).getString("id")).isNotBlank();
    stopped.await(20, TimeUnit.SECONDS);
    assertThat(env.simulator.stats().jobsCreated()).isEqualTo(1);
    env.simulator.close().await();
  }

  private static boolean refuses(int port) {
    try (Socket socket = new Socket("127.0.0.1", port)) {
      return false;
    } catch (IOException e) {
      return true;
    }
  }
}
