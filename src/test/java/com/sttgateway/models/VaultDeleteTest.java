package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addCorpus;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.junit5.VertxExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A client deletes a model while the gateway restores it: a deleted model never comes back. */
@ExtendWith(VertxExtension.class)
class VaultDeleteTest {

  private static final String NAME = "doomed";

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  /**
   * Three corpora analyzed slowly keep the restore busy after it created the new model upstream; the delete lands
   * then. "Left upstream" means any model of the client's with the definition's name: the original was wiped, so
   * only the restore's copy could be there, and a deleted model must leave none.
   */
  @Test
  void aModelDeletedWhileItIsRestoredStaysDeletedAndLeavesNothingUpstream(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(800)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, NAME);
    addCorpus(stt, lm, "one", VaultSteps.CORPUS);
    addCorpus(stt, lm, "two", VaultSteps.CORPUS_DE);
    addCorpus(stt, lm, "three", "Quibbleton again and again.\n");
    trainLanguageModel(stt, lm, "available");
    env.simulator.wipe();

    JsonObject restoring = await().atMost(Duration.ofSeconds(20)).until(() -> ops("/ops/models/" + lm),
        m -> "restoring".equals(m.getString("state")) && m.getJsonObject("restore") != null
            && m.getJsonObject("restore").getString("upstreamId") != null);
    String copy = restoring.getJsonObject("restore").getString("upstreamId");
    assertThat(upstreamNamed()).as("the restore's copy exists upstream before the delete").isNotZero();
    send("DELETE", "/v1/customizations/" + lm);

    await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
      assertThat(ops("/ops/models/" + lm).getString("state")).isEqualTo("deleted");
      assertThat(send("GET", "/v1/customizations/" + lm).statusCode()).isEqualTo(404);
      assertThat(upstreamNamed()).as("models named " + NAME + " upstream (the restore's copy was " + copy + ")")
          .isZero();
    });
    assertThat(ops("/ops/models").getJsonArray("models")).allSatisfy(m ->
        assertThat(((JsonObject) m).getString("state")).isEqualTo("deleted"));
  }

  private long upstreamNamed() {
    SpeechToText direct = VaultSteps.sdk(env.simulator.baseUrl(), "x");
    return direct.listLanguageModels().execute().getResult().getCustomizations().stream()
        .map(LanguageModel::getName).filter(NAME::equals).count();
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.url() + path))
        .header("Authorization", TestGateway.AUTH).method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private JsonObject ops(String path) throws Exception {
    return new JsonObject(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.adminUrl() + path))
        .build(), HttpResponse.BodyHandlers.ofString()).body());
  }
}
