package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.DownMode;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.file.AsyncFile;
import io.vertx.core.file.OpenOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** Raw HTTP through the gateway: streaming, headers, long query strings, errors and the simulator's faults. */
@ExtendWith(VertxExtension.class)
class PassthroughTest {

  @TempDir Path dataDir;
  private TestGateway env;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults().withSyncKeepAlive(Duration.ofMillis(100)),
        Map.of());
    http = vertx.createHttpClient(new HttpClientOptions().setMaxInitialLineLength(256 * 1024));
  }

  @AfterEach
  void stop() {
    http.close().await();
    env.close();
  }

  @Test
  void streamsA200MegabyteRequestAndResponseByteExact(Vertx vertx) throws Exception {
    long size = 200L * 1024 * 1024;
    Path file = dataDir.resolve("upload.bin");
    String sent = writeRandomFile(file, size);
    AsyncFile body = vertx.fileSystem().open(file.toString(), new OpenOptions().setRead(true)).await();
    MessageDigest received = MessageDigest.getInstance("SHA-256");
    AtomicLong count = new AtomicLong();

    int status = http.request(post("/__sim/echo"))
        .compose(req -> req.putHeader("Content-Type", "application/octet-stream").send(body).compose(response -> {
          response.handler(chunk -> {
            received.update(chunk.getBytes());
            count.addAndGet(chunk.length());
          });
          return response.end().map(response.statusCode());
        })).await();

    assertThat(status).isEqualTo(200);
    assertThat(count.get()).isEqualTo(size);
    assertThat(HexFormat.of().formatHex(received.digest())).isEqualTo(sent);
  }

  @Test
  void keepsEndToEndHeadersAndDropsHopByHopOnes() {
    JsonObject seen = send(get("/__sim/headers")
        .putHeader("X-Watson-Metadata", "customer_id=c1")
        .putHeader("X-Watson-Learning-Opt-Out", "true")
        .putHeader("Connection", "keep-alive, X-Private-Hop")
        .putHeader("X-Private-Hop", "secret-hop")
        .putHeader("Proxy-Authorization", "Basic c2VjcmV0"), null).json();
    assertThat(seen.getString("authorization")).isEqualTo(TestGateway.AUTH);
    assertThat(seen.getString("x-watson-metadata")).isEqualTo("customer_id=c1");
    assertThat(seen.getString("x-watson-learning-opt-out")).isEqualTo("true");
    assertThat(seen.fieldNames()).doesNotContain("x-private-hop", "proxy-authorization");
    assertThat(seen.getString("host")).isEqualTo("127.0.0.1:" + env.simulator.port());
  }

  @Test
  void passesA64KilobyteQueryString() {
    String keywords = "k".repeat(64 * 1024);
    Reply reply = send(get("/v1/models?keywords=" + keywords), null);
    assertThat(reply.status()).isEqualTo(200);
    assertThat(reply.json().getJsonArray("models")).isNotEmpty();
  }

  @Test
  void streamsTheSynchronousKeepAliveSpacesBeforeTheResult(Vertx vertx) {
    // The body trickles in for ~600 ms; the simulator commits early and writes a space every 100 ms.
    Reply reply = http.request(post("/v1/recognize")).compose(req -> {
      req.setChunked(true).putHeader("Content-Type", "audio/wav");
      for (int i = 0; i < 6; i++) {
        vertx.setTimer(100L * (i + 1), t -> req.write(Buffer.buffer(new byte[1000])));
      }
      vertx.setTimer(700, t -> req.end());
      return req.response();
    }).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))).await();
    String body = reply.body().toString();
    assertThat(reply.status()).isEqualTo(200);
    assertThat(body).startsWith(" ");
    assertThat(new JsonObject(body.trim()).getJsonArray("results")).hasSize(1);
  }

  @Test
  void upstreamUnreachableAnswers502InTheUpstreamErrorShape() {
    env.simulator.goDown(DownMode.REFUSE).await();
    Reply reply = send(get("/v1/models"), null);
    JsonObject error = reply.json();
    assertThat(reply.status()).isEqualTo(502);
    assertThat(reply.headers().get("Content-Type")).isEqualTo("application/json");
    assertThat(error.getInteger("code")).isEqualTo(502);
    assertThat(error.getString("code_description")).isEqualTo("Bad Gateway");
    assertThat(error.getString("error")).startsWith("upstream unreachable");

    env.simulator.comeBack().await();
    assertThat(send(get("/v1/models"), null).status()).isEqualTo(200);
  }

  @Test
  void simulatorFaultsReachTheClientUnchanged() {
    env.simulator.goDown(DownMode.UNAVAILABLE).await();
    Reply unavailable = send(get("/v1/models"), null);
    assertThat(unavailable.status()).isEqualTo(503);
    assertThat(unavailable.json().getInteger("code")).isEqualTo(503);
    env.simulator.comeBack().await();

    env.simulator.throttle(1.0, 7);
    Reply throttled = send(get("/v1/models"), null);
    assertThat(throttled.status()).isEqualTo(429);
    assertThat(throttled.headers().get("Retry-After")).isEqualTo("7");
    env.simulator.throttle(0, 0);

    Reply created = send(post("/v1/recognitions").putHeader("Content-Type", "audio/wav"), Buffer.buffer(new byte[500]));
    assertThat(created.status()).as(created.body().toString()).isEqualTo(201);
    String id = created.json().getString("id");
    env.simulator.wipe();
    // The wiped job was journaled: instead of the upstream's 404 the client sees it queued again, same id.
    Reply lost = send(get("/v1/recognitions/" + id), null);
    assertThat(lost.status()).isEqualTo(200);
    assertThat(lost.json().getString("id")).isEqualTo(id);
    assertThat(lost.json().getString("status")).isEqualTo("waiting");
  }

  /** Status, headers and whole body of one exchange (the body is read in the same chain, so nothing is lost). */
  private record Reply(int status, io.vertx.core.MultiMap headers, Buffer body) {
    JsonObject json() {
      return body.toJsonObject();
    }
  }

  private Reply send(RequestOptions options, Buffer body) {
    return http.request(options)
        .compose(req -> (body == null ? req.send() : req.send(body))
            .compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(), resp.headers(), b))))
        .await();
  }

  private RequestOptions get(String uri) {
    return options(HttpMethod.GET, uri);
  }

  private RequestOptions post(String uri) {
    return options(HttpMethod.POST, uri);
  }

  private RequestOptions options(HttpMethod method, String uri) {
    return new RequestOptions().setMethod(method).setHost("127.0.0.1").setPort(env.gateway.port()).setURI(uri)
        .putHeader("Authorization", TestGateway.AUTH);
  }

  private static String writeRandomFile(Path file, long size) throws Exception {
    MessageDigest digest = MessageDigest.getInstance("SHA-256");
    byte[] block = new byte[1024 * 1024];
    Random random = new Random(42);
    try (OutputStream out = Files.newOutputStream(file)) {
      for (long written = 0; written < size; written += block.length) {
        random.nextBytes(block);
        out.write(block);
        digest.update(block);
      }
    }
    return HexFormat.of().formatHex(digest.digest());
  }
}
