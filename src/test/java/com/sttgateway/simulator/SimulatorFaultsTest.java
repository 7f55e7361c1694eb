package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.api;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.await;
import static com.sttgateway.simulator.SimTestSupport.fastOptions;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.SimulatorCallbacksTest.encode;
import static com.sttgateway.simulator.SimulatorCallbacksTest.register;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.WebSocket;
import io.vertx.core.http.WebSocketConnectOptions;
import io.vertx.core.http.WebSocketClient;
import io.vertx.core.net.NetClient;
import io.vertx.core.net.NetSocket;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.net.ConnectException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorFaultsTest {

  @Test
  void refuseModeClosesOpenConnectionsRefusesNewOnesAndComesBackOnTheSamePort(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    int port = simulator.port();
    // Vert.x 5 closes a client, and its connections, once the client is unreachable: keep it until the end.
    NetClient net = vertx.createNetClient();
    WebSocketClient ws = vertx.createWebSocketClient();
    NetSocket open = await(net.connect(port, "127.0.0.1"));
    Promise<Void> openClosed = Promise.promise();
    open.closeHandler(v -> openClosed.complete());
    WebSocket socket = await(ws.connect(new WebSocketConnectOptions()
        .setHost("127.0.0.1").setPort(port).setURI("/v1/recognize").addHeader("Authorization", "Bearer t")));
    Promise<Void> socketClosed = Promise.promise();
    socket.closeHandler(v -> socketClosed.complete());

    await(simulator.goDown(DownMode.REFUSE));

    await(openClosed.future());
    await(socketClosed.future());
    Future<HttpResponse<Buffer>> refused = api(client, simulator, HttpMethod.GET, "/v1/models").send();
    Throwable refusal = await(refused.<Throwable>transform(ar -> Future.succeededFuture(ar.cause())));
    assertThat(refusal).isInstanceOf(ConnectException.class);

    await(simulator.comeBack());

    assertThat(simulator.port()).isEqualTo(port);
    assertThat(send(api(client, simulator, HttpMethod.GET, "/v1/models")).statusCode()).isEqualTo(200);
    await(Future.join(net.close(), ws.close()));
  }

  @Test
  void unavailableModeAnswersEveryApiCall503InTheErrorShapeUntilItComesBack(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    await(simulator.goDown(DownMode.UNAVAILABLE));
    HttpResponse<Buffer> down = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(500, 1));
    await(simulator.comeBack());
    HttpResponse<Buffer> up = send(api(client, simulator, HttpMethod.GET, "/v1/recognitions"));

    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(json(down).getString("code_description")).isEqualTo("Service Unavailable");
    assertThat(json(down).getInteger("code")).isEqualTo(503);
    assertThat(up.statusCode()).isEqualTo(200);
    assertThat(simulator.stats().jobsCreated()).isZero();
  }

  @Test
  void wipeForgetsEveryJobAndTheCallbackAllowlist(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    CallbackServer callbacks = CallbackServer.start(vertx);
    WebClient client = SimTestSupport.client(vertx);
    String url = callbacks.url("/cb");
    send(register(client, simulator, url, "s"));
    String id = json(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(100, 1))).getString("id");

    simulator.wipe();

    assertThat(send(api(client, simulator, HttpMethod.GET, "/v1/recognitions/" + id)).statusCode()).isEqualTo(404);
    assertThat(send(api(client, simulator, HttpMethod.POST, "/v1/recognitions?callback_url=" + encode(url)),
        audio(100, 2)).statusCode()).isEqualTo(400);
    assertThat(send(register(client, simulator, url, "s")).statusCode()).isEqualTo(201);
    SimulatorStats stats = simulator.stats();
    assertThat(stats.jobsKnown()).isZero();
    assertThat(stats.jobsCreated()).isEqualTo(1);
    assertThat(stats.callbackRegistrations()).isEqualTo(2);
  }

  @Test
  void fullThrottleAnswers429WithRetryAfterUntilTurnedOff(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    simulator.throttle(1.0, 2);
    HttpResponse<Buffer> throttled = send(api(client, simulator, HttpMethod.GET, "/v1/models"));
    simulator.throttle(0, 0);
    HttpResponse<Buffer> free = send(api(client, simulator, HttpMethod.GET, "/v1/models"));

    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Retry-After")).isEqualTo("2");
    assertThat(json(throttled).getString("code_description")).isEqualTo("Too Many Requests");
    assertThat(free.statusCode()).isEqualTo(200);
    assertThat(simulator.stats().throttled()).isEqualTo(1);
  }

  @Test
  void latencyDelaysAnswersWithoutLosingUploadedAudio(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    byte[] audio = audio(200_000, 3);

    simulator.slowDown(Duration.ofMillis(300));
    long started = System.nanoTime();
    HttpResponse<Buffer> models = send(api(client, simulator, HttpMethod.GET, "/v1/models"));
    long elapsedMs = (System.nanoTime() - started) / 1_000_000;
    HttpResponse<Buffer> created = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio);
    HttpResponse<Buffer> reused = send(api(client, simulator, HttpMethod.GET, "/v1/recognitions"));

    assertThat(models.statusCode()).isEqualTo(200);
    assertThat(elapsedMs).isGreaterThanOrEqualTo(300);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(simulator.stats().jobsCreatedByAudioSha256()).containsOnlyKeys(sha256(audio));
    assertThat(reused.statusCode()).isEqualTo(200);
  }

  @Test
  void adminPortSwitchesFaultsAndReportsStats(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    String admin = "http://127.0.0.1:" + simulator.adminPort() + "/__sim";

    assertThat(send(client.postAbs(admin + "/down?mode=503")).statusCode()).isEqualTo(200);
    int unavailable = send(api(client, simulator, HttpMethod.GET, "/v1/models")).statusCode();
    send(client.postAbs(admin + "/up"));
    send(client.postAbs(admin + "/throttle?fraction=1&retry_after=3"));
    HttpResponse<Buffer> throttled = send(api(client, simulator, HttpMethod.GET, "/v1/models"));
    HttpResponse<Buffer> reset = send(client.postAbs(admin + "/reset"));
    int afterReset = send(api(client, simulator, HttpMethod.GET, "/v1/models")).statusCode();
    int badLatency = send(client.postAbs(admin + "/slow?latency_ms=soon")).statusCode();
    send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(100, 4));
    HttpResponse<Buffer> wiped = send(client.postAbs(admin + "/wipe"));
    HttpResponse<Buffer> stats = send(client.getAbs(admin + "/stats"));

    assertThat(unavailable).isEqualTo(503);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Retry-After")).isEqualTo("3");
    assertThat(reset.statusCode()).isEqualTo(200);
    assertThat(afterReset).isEqualTo(200);
    assertThat(badLatency).isEqualTo(400);
    assertThat(json(wiped).getInteger("jobs")).isEqualTo(1);
    assertThat(json(stats).getLong("jobsCreated")).isEqualTo(1);
    assertThat(json(stats).getLong("throttled")).isEqualTo(1);
    assertThat(json(stats).getInteger("jobsKnown")).isZero();
    assertThat(json(stats).getJsonObject("jobsCreatedByAudioSha256").getLong(sha256(audio(100, 4)))).isEqualTo(1);
  }

  @Test
  void seededJobsWaitUnderTheIdsABenchmarkFillGivesThem(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    String admin = "http://127.0.0.1:" + simulator.adminPort() + "/__sim";

    HttpResponse<Buffer> seeded = send(client.postAbs(admin + "/seed?jobs=3"));
    HttpResponse<Buffer> second = send(api(client, simulator, HttpMethod.GET,
        "/v1/recognitions/00005eed-0000-4000-8000-000000000002"));
    HttpResponse<Buffer> listed = send(api(client, simulator, HttpMethod.GET, "/v1/recognitions"));
    int notANumber = send(client.postAbs(admin + "/seed?jobs=many")).statusCode();
    int negative = send(client.postAbs(admin + "/seed?jobs=-1")).statusCode();
    int tooMany = send(client.postAbs(admin + "/seed?jobs=10000001")).statusCode();
    simulator.wipe();
    int afterWipe = send(api(client, simulator, HttpMethod.GET,
        "/v1/recognitions/00005eed-0000-4000-8000-000000000002")).statusCode();

    assertThat(json(seeded).getInteger("seeded")).isEqualTo(3);
    assertThat(second.statusCode()).isEqualTo(200);
    assertThat(json(second).getString("status")).isEqualTo("waiting");
    assertThat(json(listed).getJsonArray("recognitions")).hasSize(3);
    assertThat(notANumber).isEqualTo(400);
    assertThat(negative).isEqualTo(400);
    assertThat(tooMany).isEqualTo(400);
    assertThat(simulator.stats().jobsCreated()).isZero(); // no client created them
    assertThat(afterWipe).isEqualTo(404);
  }
}
