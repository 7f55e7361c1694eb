package com.sttgateway.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.sttgateway.TestGateway;
import com.sttgateway.journal.JobState;
import com.sttgateway.simulator.SimulatorOptions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.junit5.VertxExtension;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** journal.maxAudioBytes: a declared length over it is refused before the body; a chunked body is cut off. */
@ExtendWith(VertxExtension.class)
class SubmitLimitsTest {

  private static final int LIMIT = 1024 * 1024;

  @TempDir Path dataDir;
  private TestGateway env;
  private HttpClient http;

  @BeforeEach
  void start(Vertx vertx) {
    env = TestGateway.start(vertx, dataDir, SimulatorOptions.defaults(),
        Map.of("GATEWAY_MAX_AUDIO_BYTES", String.valueOf(LIMIT)));
    http = vertx.createHttpClient();
  }

  @AfterEach
  void stop() {
    http.close().await();
    env.close();
  }

  @Test
  void aDeclaredLengthOverTheLimitGets413BeforeTheBodyIsRead() {
    int status = http.request(post())
        .compose(req -> req.putHeader("Content-Length", String.valueOf(LIMIT + 1)).send(Buffer.buffer(new byte[LIMIT + 1])))
        .map(resp -> resp.statusCode())
        .otherwise(err -> -1)
        .await();
    assertThat(status).isEqualTo(413);
    assertNothingKept();
  }

  @Test
  void aChunkedBodyPassingTheLimitIsCutOffWith413AndNothingKept() {
    int status = http.request(post()).compose(req -> {
      req.setChunked(true);
      for (int i = 0; i < 4; i++) {
        req.write(Buffer.buffer(new byte[LIMIT / 2]));
      }
      req.end();
      return req.response();
    }).map(resp -> resp.statusCode()).await();
    assertThat(status).isEqualTo(413);
    assertNothingKept();
  }

  private void assertNothingKept() {
    assertThat(env.gateway.journal().findByState(EnumSet.allOf(JobState.class)).await()).isEmpty();
    assertThat(env.gateway.store().list("audio/").await()).isEmpty();
    assertThat(env.simulator.stats().jobsCreated()).isZero();
  }

  private RequestOptions post() {
    return new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1").setPort(env.gateway.port())
        .setURI("/v1/recognitions").putHeader("Authorization", TestGateway.AUTH).putHeader("Content-Type", "audio/wav");
  }
}
