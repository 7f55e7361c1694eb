package com.sttgateway.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.EnumSet;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * An upstream that refuses a credential answers 401 at once and closes the connection while a large body is still
 * on its way: the client must get that 401 with its body (SDKs refresh their token on it), never a 502 or a 201.
 */
@ExtendWith(VertxExtension.class)
class EarlyRefusalTest {

  private static final int TRIES = 15;
  private static final Buffer FIVE_MB = Buffer.buffer(new byte[5 * 1024 * 1024]);

  @TempDir Path dataDir;
  private TestGateway env;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir);
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    http.close().await();
    env.close();
  }

  @Test
  void aRefusedTokenOnTheSyncRouteGetsTheUpstreams401WithItsBody() {
    for (int i = 0; i < TRIES; i++) {
      Reply reply = post("/v1/recognize");
      assertThat(reply.status()).as("try " + i + ": " + reply.body()).isEqualTo(401);
      assertThat(new JsonObject(reply.body()).getInteger("code")).isEqualTo(401);
    }
  }

  @Test
  void aRefusedTokenOnTheJournaledRouteGetsTheUpstreams401AndNothingIsKept() {
    for (int i = 0; i < TRIES; i++) {
      Reply reply = post("/v1/recognitions");
      assertThat(reply.status()).as("try " + i + ": " + reply.body()).isEqualTo(401);
      assertThat(new JsonObject(reply.body()).getInteger("code")).isEqualTo(401);
    }
    assertThat(env.gateway.journal().findByState(EnumSet.allOf(JobState.class)).await()).isEmpty();
    org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
        .until(() -> env.gateway.store().list("").await().isEmpty());
  }

  private record Reply(int status, String body) {}

  private Reply post(String path) {
    RequestOptions options = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
        .setPort(env.gateway.port()).setURI(path).putHeader("Authorization", "Bearer ")
        .putHeader("Content-Type", "audio/wav").setIdleTimeout(30_000);
    return http.request(options)
        .compose(req -> req.send(FIVE_MB).compose(resp -> resp.body().map(b -> new Reply(resp.statusCode(),
            b.toString()))))
        .otherwise(err -> new Reply(-1, String.valueOf(err)))
        .await();
  }
}
