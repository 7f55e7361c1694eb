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
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.RequestOptions;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

@ExtendWith(VertxExtension.class)
class SimulatorAudioLimitsTest {

  @Test
  void declaredContentLengthOverMaxBytesAnswers413BeforeAnyBodyIsSent(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withMaxBytes(100_000));
    HttpClient client = vertx.createHttpClient(); // kept reachable to the end: see SimulatorFaultsTest
    HttpClientRequest request = await(client.request(post(simulator)));
    request.exceptionHandler(expectedWhenTheServerCloses -> { });
    request.putHeader("Content-Length", "10000000");

    // Listen before sending: the answer may arrive before this thread could attach a body handler.
    Future<HttpClientResponse> response = request.response();
    Future<Buffer> answer = response.compose(HttpClientResponse::body);
    await(request.sendHead());
    Buffer body = await(answer);

    assertThat(response.result().statusCode()).isEqualTo(413);
    assertThat(body.toJsonObject().getString("code_description")).isEqualTo("Request Entity Too Large");
    assertThat(simulator.stats().jobsCreated()).isZero();
    await(client.close());
  }

  @Test
  void chunkedBodyPassingMaxBytesAnswers413AndClosesTheConnection(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions().withMaxBytes(100_000));
    HttpClient client = vertx.createHttpClient(); // kept reachable to the end: see SimulatorFaultsTest
    HttpClientRequest request = await(client.request(post(simulator)));
    request.exceptionHandler(expectedWhenTheServerCloses -> { });
    Promise<Void> closed = Promise.promise();
    request.connection().closeHandler(v -> closed.tryComplete());
    request.setChunked(true);

    for (int i = 0; i < 6; i++) {
      request.write(Buffer.buffer(audio(32 * 1024, i)));
    }
    HttpClientResponse response = await(request.response());

    assertThat(response.statusCode()).isEqualTo(413);
    await(closed.future());
    assertThat(simulator.stats().jobsCreated()).isZero();    await(client.close());
  }

  @Test
  void bodyUnder100BytesAnswers400(Vertx vertx) {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);

    HttpResponse<Buffer> response = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions"), audio(99, 1));

    assertThat(response.statusCode()).isEqualTo(400);
    assertThat(json(response).getString("error")).isEqualTo("Stream was 99 bytes but needs to be at least 100 bytes.");
  }

  @Test
  void gzipBodyIsHashedAfterDecoding(Vertx vertx) throws IOException {
    Simulator simulator = start(vertx, fastOptions());
    WebClient client = SimTestSupport.client(vertx);
    byte[] audio = audio(50_000, 9);

    HttpResponse<Buffer> response = send(api(client, simulator, HttpMethod.POST, "/v1/recognitions")
        .putHeader("Content-Encoding", "gzip"), gzip(audio));

    assertThat(response.statusCode()).isEqualTo(201);
    assertThat(simulator.stats().jobsCreatedByAudioSha256()).containsOnlyKeys(sha256(audio));
  }

  private static RequestOptions post(Simulator simulator) {
    return new RequestOptions().setMethod(HttpMethod.POST)
        .setAbsoluteURI(simulator.baseUrl() + "/v1/recognitions")
        .putHeader("Authorization", BASIC_AUTH);
  }

  private static byte[] gzip(byte[] bytes) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
      gzip.write(bytes);
    }
    return out.toByteArray();
  }
}
