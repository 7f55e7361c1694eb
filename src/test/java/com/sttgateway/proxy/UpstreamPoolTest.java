package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The upstream answers some requests before it has read their body (a GET with a body): the gateway must not leave
 * those upstream connections half used, or the pool ({@code upstream.maxConnections}) fills up and every later
 * request waits until the client gives up (bench/fuzz found 512 such connections within 30 s).
 */
@ExtendWith(VertxExtension.class)
class UpstreamPoolTest {

  private static final int POOL = 2;
  private static final int REQUESTS = 4 * POOL;

  @TempDir Path dataDir;
  private TestGateway env;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(),
        Map.of("GATEWAY_UPSTREAM_MAX_CONNECTIONS", String.valueOf(POOL)));
    http = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(false));
  }

  @AfterEach
  void stop() {
    http.close().await();
    env.close();
  }

  @Test
  void getsWithALengthBodyAnsweredEarlyDoNotUseUpThePool() {
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(get(false)).as("request " + i).isEqualTo(200);
    }
  }

  @Test
  void getsWithAChunkedBodyAnsweredEarlyDoNotUseUpThePool() {
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(get(true)).as("request " + i).isEqualTo(200);
    }
  }

  @Test
  void journaledSubmitsRefusedBeforeTheirBodyDoNotUseUpThePool() {
    for (int i = 0; i < REQUESTS; i++) {
      assertThat(send(HttpMethod.POST, "/v1/recognitions", "Bearer ", false, Buffer.buffer(new byte[1 << 20])))
          .as("request " + i).isEqualTo(401);
    }
  }

  /** The status of a {@code GET /v1/models} with a small body; -1 when no answer came within 15 s. */
  private int get(boolean chunked) {
    return send(HttpMethod.GET, "/v1/models", TestGateway.AUTH, chunked, Buffer.buffer("hello"));
  }

  private int send(HttpMethod method, String uri, String authorization, boolean chunked, Buffer body) {
    RequestOptions options = new RequestOptions().setMethod(method).setHost("127.0.0.1")
        .setPort(env.gateway.port()).setURI(uri).putHeader("Authorization", authorization)
        .putHeader("Content-Type", "audio/wav").setIdleTimeout(15_000);
    return http.request(options)
        .compose(req -> {
          req.setChunked(chunked);
          return req.send(body).compose(resp -> resp.body().map(b -> resp.statusCode()));
        })
        .otherwise(-1)
        .await();
  }
}
