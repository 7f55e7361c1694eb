package com.sttgateway.simulator;

import static com.sttgateway.simulator.SimTestSupport.api;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.await;
import static com.sttgateway.simulator.SimTestSupport.json;
import static com.sttgateway.simulator.SimTestSupport.send;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.SimTestSupport.transcriptOf;
import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.multipart.MultipartForm;
import io.vertx.junit5.VertxExtension;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The custom model API over raw HTTP: the Node SDK's multipart corpus, instance ownership, faults. */
@ExtendWith(VertxExtension.class)
class SimulatorCustomizationTest {

  private static final String CORPUS = "Zorblax and Quibbleton met in Frobnitz.\n";

  @Test
  void multipartCorpusFileIsAcceptedAndFingerprintsLikeTheRawTextForm(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options());
    WebClient client = SimTestSupport.client(vertx);
    String raw = createModel(client, simulator, "");
    String multipart = createModel(client, simulator, "");

    HttpResponse<Buffer> rawAdded = send(api(client, simulator, HttpMethod.POST, "/v1/customizations/" + raw
        + "/corpora/c1").putHeader("Content-Type", "text/plain"), CORPUS.getBytes(StandardCharsets.UTF_8));
    HttpResponse<Buffer> formAdded = await(api(client, simulator, HttpMethod.POST, "/v1/customizations/"
        + multipart + "/corpora/c1?allow_overwrite=false").sendMultipartForm(MultipartForm.create()
        .textFileUpload("corpus_file", "_", Buffer.buffer(CORPUS), "text/plain")));
    String rawHeard = trainAndRecognize(client, simulator, raw);
    String formHeard = trainAndRecognize(client, simulator, multipart);
    JsonObject formCorpus = json(send(api(client, simulator, HttpMethod.GET, "/v1/customizations/" + multipart
        + "/corpora/c1")));

    assertThat(rawAdded.statusCode()).isEqualTo(201);
    assertThat(formAdded.statusCode()).isEqualTo(201);
    assertThat(formCorpus.getLong("total_words")).isEqualTo(6);
    assertThat(formCorpus.getLong("out_of_vocabulary_words")).isEqualTo(4);
    assertThat(formHeard).isEqualTo(rawHeard).contains("|lm:");
  }

  @Test
  void aModelBelongsToTheInstanceThatCreatedIt(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options().withBasePath("/instances/A"));
    WebClient client = SimTestSupport.client(vertx);
    String onB = createModel(client, simulator, "/../B");
    String base = "http://127.0.0.1:" + simulator.port() + "/instances/";

    HttpResponse<Buffer> fromA = send(client.getAbs(base + "A/v1/customizations/" + onB)
        .putHeader("Authorization", SimTestSupport.BASIC_AUTH));
    HttpResponse<Buffer> fromB = send(client.getAbs(base + "B/v1/customizations/" + onB)
        .putHeader("Authorization", SimTestSupport.BASIC_AUTH));
    HttpResponse<Buffer> listA = send(api(client, simulator, HttpMethod.GET, "/v1/customizations"));
    HttpResponse<Buffer> unauthenticatedB = send(client.getAbs(base + "B/v1/customizations"));
    HttpResponse<Buffer> recognizedOnA = send(api(client, simulator, HttpMethod.POST,
        "/v1/recognize?language_customization_id=" + onB), audio(500, 3));

    assertThat(fromA.statusCode()).isEqualTo(404);
    assertThat(json(fromA).getString("code_description")).isEqualTo("Not Found");
    assertThat(fromB.statusCode()).isEqualTo(200);
    assertThat(json(fromB).getString("owner")).isEqualTo("B");
    assertThat(json(listA).getJsonArray("customizations")).isEmpty();
    assertThat(unauthenticatedB.statusCode()).isEqualTo(401);
    assertThat(recognizedOnA.statusCode()).isEqualTo(400);
    assertThat(json(recognizedOnA).getString("error")).contains(onB);
  }

  @Test
  void unavailableThrottledAndOversizeAnswersApplyToModelRoutes(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options().withCustomization(SdkModelSteps.options()
        .customization().withMaxAudioBytes(1000)));
    WebClient client = SimTestSupport.client(vertx);
    String am = json(send(api(client, simulator, HttpMethod.POST, "/v1/acoustic_customizations"),
        new JsonObject().put("name", "am").put("base_model_name", "en-US_NarrowbandModel").toBuffer().getBytes()))
        .getString("customization_id");

    HttpResponse<Buffer> oversize = send(api(client, simulator, HttpMethod.POST, "/v1/acoustic_customizations/"
        + am + "/audio/big").putHeader("Content-Type", "audio/wav"), audio(1001, 1));
    HttpResponse<Buffer> listedAfter = send(api(client, simulator, HttpMethod.GET, "/v1/acoustic_customizations/"
        + am + "/audio"));
    await(simulator.goDown(DownMode.UNAVAILABLE));
    HttpResponse<Buffer> down = send(api(client, simulator, HttpMethod.GET, "/v1/acoustic_customizations"));
    await(simulator.comeBack());
    simulator.throttle(1.0, 2);
    HttpResponse<Buffer> throttled = send(api(client, simulator, HttpMethod.GET, "/v1/customizations"));

    assertThat(oversize.statusCode()).isEqualTo(413);
    assertThat(json(listedAfter).getJsonArray("audio")).isEmpty();
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(throttled.statusCode()).isEqualTo(429);
    assertThat(throttled.getHeader("Retry-After")).isEqualTo("2");
  }

  /** Creates a language model under the base path plus {@code suffix} (e.g. "/../B" for instance B). */
  private static String createModel(WebClient client, Simulator simulator, String suffix) {
    String url = java.net.URI.create(simulator.baseUrl() + suffix + "/v1/customizations").normalize().toString();
    HttpResponse<Buffer> created = await(client.postAbs(url).putHeader("Authorization", SimTestSupport.BASIC_AUTH)
        .sendJsonObject(new JsonObject().put("name", "m").put("base_model_name", "en-US_BroadbandModel")));
    assertThat(created.statusCode()).isEqualTo(201);
    return json(created).getString("customization_id");
  }

  private static String trainAndRecognize(WebClient client, Simulator simulator, String id) {
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "ready".equals(json(send(
        api(client, simulator, HttpMethod.GET, "/v1/customizations/" + id))).getString("status")));
    assertThat(send(api(client, simulator, HttpMethod.POST, "/v1/customizations/" + id + "/train")).statusCode())
        .isEqualTo(200);
    org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> "available".equals(json(send(
        api(client, simulator, HttpMethod.GET, "/v1/customizations/" + id))).getString("status")));
    return transcriptOf(json(send(api(client, simulator, HttpMethod.POST, "/v1/recognize?language_customization_id="
        + id), audio(500, 5))));
  }
}
