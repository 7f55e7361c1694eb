package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.BASIC_AUTH;
import static com.sttgateway.simulator.SimTestSupport.api;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.await;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.SimTestSupport.transcriptOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.UpgradeRejectedException;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorRecognizeTest {

  @Test
  void longSyncRecognizeWritesKeepAliveSpacesBeforeTheJson(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withSyncKeepAlive(Duration.ofMillis(50))
        .withProcessing(Duration.ofMillis(400)));
    byte[] audio = audio(5000, 1);

    HttpResponse<Buffer> response = send(api(SimTestSupport.client(vertx), simulator, HttpMethod.POST,
        "/v1/recognize").putHeader("Content-Type", "audio/wav"), audio);

    String body = response.bodyAsString();
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.getHeader("Content-Type")).isEqualTo("application/json");
    assertThat(body).matches("(?s) {2,}\\{.*");
    JsonObject recognition = new JsonObject(body.trim());
    assertThat(recognition.getInteger("result_index")).isZero();
    assertThat(transcriptOf(recognition)).isEqualTo("sha256:" + sha256(audio));
  }

  @Test
  void shortSyncRecognizeAnswersPlainJsonAndRefusesTinyAudio(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> quick = send(api(client, simulator, HttpMethod.POST, "/v1/recognize"), audio(500, 2));
    HttpResponse<Buffer> tiny = send(api(client, simulator, HttpMethod.POST, "/v1/recognize"), audio(10, 2));

    assertThat(quick.bodyAsString()).startsWith("{");
    assertThat(transcriptOf(json(quick))).isEqualTo("sha256:" + sha256(audio(500, 2)));
    assertThat(tiny.statusCode()).isEqualTo(400);
  }

  /** A body that its Content-Encoding does not describe is the client's error, on both recognition routes. */
  @Test
  void aBodyThatIsNotTheGzipItClaimsIsABadRequest(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    for (String path : List.of("/v1/recognize", "/v1/recognitions")) {
      HttpResponse<Buffer> response = send(api(client, simulator, HttpMethod.POST, path)
          .putHeader("Content-Type", "audio/wav").putHeader("Content-Encoding", "gzip"), audio(500, 3));
      assertThat(response.statusCode()).as(path).isEqualTo(400);
      assertThat(json(response).getInteger("code")).as(path).isEqualTo(400);
    }
  }

  @Test
  void webSocketRunsSeveralRecognitionsOnOneConnectionAndEchoesTheClientsClose(Vertx vertx) throws Exception {
    Simulator simulator = start(vertx, fastOptions().withBasePath("/speech-to-text/rel/instances/abc/api"));
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocketClient ws = vertx.createWebSocketClient(); // kept reachable to the end: see SimulatorFaultsTest
    WebSocket socket = await(ws.connect(socketOptions(simulator, "")
        .addHeader("Authorization", BASIC_AUTH)));
    socket.textMessageHandler(messages::add);
    Promise<Short> closed = Promise.promise();
    socket.closeHandler(v -> closed.complete(socket.closeStatusCode()));

    for (int round = 0; round < 2; round++) {
      byte[] audio = audio(3000, round);
      socket.writeTextMessage("{\"action\":\"start\",\"content-type\":\"audio/l16;rate=16000\"}");
      assertThat(next(messages)).isEqualTo(new JsonObject().put("state", "listening"));
      socket.writeBinaryMessage(Buffer.buffer(audio).slice(0, 1000));
      socket.writeBinaryMessage(Buffer.buffer(audio).slice(1000, 3000));
      socket.writeTextMessage("{\"action\":\"stop\"}");
      assertThat(transcriptOf(next(messages))).isEqualTo("sha256:" + sha256(audio));
      assertThat(next(messages)).isEqualTo(new JsonObject().put("state", "listening"));
    }
    socket.close((short) 4000, "bye");

    assertThat(await(closed.future())).isEqualTo((short) 4000);
    await(ws.close());
  }

  @Test
  void webSocketReportsInvalidJsonAndUnknownActions(Vertx vertx) throws Exception {
    Simulator simulator = start(vertx, fastOptions());
    BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    WebSocketClient ws = vertx.createWebSocketClient();
    WebSocket socket = await(ws.connect(socketOptions(simulator, "?access_token=tok")));
    socket.textMessageHandler(messages::add);

    socket.writeTextMessage("not json");
    JsonObject invalid = next(messages);
    socket.writeTextMessage("{\"action\":\"dance\"}");
    JsonObject unknown = next(messages);

    assertThat(invalid.getString("error")).isNotBlank();
    assertThat(unknown.getString("error")).contains("dance");
    await(ws.close());
  }

  @Test
  void webSocketUpgradeWithoutCredentialsIsRefusedWith401(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());

    WebSocketClient ws = vertx.createWebSocketClient();
    Future<WebSocket> attempt = ws.connect(socketOptions(simulator, ""));
    Throwable refusal = await(attempt.<Throwable>transform(ar -> Future.succeededFuture(ar.cause())));

    assertThat(refusal).isInstanceOf(UpgradeRejectedException.class);
    assertThat(((UpgradeRejectedException) refusal).getStatus()).isEqualTo(401);
    await(ws.close());
  }

  @Test
  void modelsAreListedWithServiceUrlsAndUnknownModelsAnswer404(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withBasePath("/instances/abc"));
    WebClient client = SimTestSupport.client(vertx);

    JsonArray models = json(send(api(client, simulator, HttpMethod.GET, "/v1/models"))).getJsonArray("models");
    HttpResponse<Buffer> one = send(api(client, simulator, HttpMethod.GET, "/v1/models/en-US_BroadbandModel"));
    HttpResponse<Buffer> unknown = send(api(client, simulator, HttpMethod.GET, "/v1/models/xx-XX_Nothing"));

    assertThat(models.size()).isGreaterThanOrEqualTo(5);
    assertThat(models.getJsonObject(0).fieldNames())
        .containsExactlyInAnyOrder("name", "language", "rate", "url", "supported_features", "description");
    assertThat(json(one).getString("url"))
        .isEqualTo("http://127.0.0.1:" + simulator.port() + "/instances/abc/v1/models/en-US_BroadbandModel");
    assertThat(unknown.statusCode()).isEqualTo(404);
  }

  @Test
  void echoStreamsALargeBodyBackAndNeedsCredentials(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    byte[] body = audio(32 * 1024 * 1024, 5);

    HttpResponse<Buffer> echoed = send(api(client, simulator, HttpMethod.POST, "/__sim/echo")
        .putHeader("Content-Type", "audio/wav"), body);
    int anonymous = await(client.postAbs(simulator.baseUrl() + "/__sim/echo").sendBuffer(Buffer.buffer("x")))
        .statusCode();

    assertThat(echoed.statusCode()).isEqualTo(200);
    assertThat(echoed.getHeader("Content-Type")).isEqualTo("audio/wav");
    assertThat(sha256(echoed.body().getBytes())).isEqualTo(sha256(body));
    assertThat(anonymous).isEqualTo(401);
  }

  private static WebSocketConnectOptions socketOptions(Simulator simulator, String query) {
    return new WebSocketConnectOptions().setHost("127.0.0.1").setPort(simulator.port())
        .setURI(URI.create(simulator.baseUrl()).getPath() + "/v1/recognize" + query);
  }

  private static JsonObject next(BlockingQueue<String> messages) throws InterruptedException {
    String message = messages.poll(5, TimeUnit.SECONDS);
    assertThat(message).as("a message within 5 s").isNotNull();
    return new JsonObject(message);
  }
}
