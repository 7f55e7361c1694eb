package com.sttgateway.simulator;

import static com.sttgateway.simulator.SdkModelSteps.addLanguageData;
import static com.sttgateway.simulator.SdkModelSteps.createAcousticModel;
import static com.sttgateway.simulator.SdkModelSteps.createLanguageModel;
import static com.sttgateway.simulator.SdkModelSteps.stream;
import static com.sttgateway.simulator.SdkModelSteps.trainLanguageModel;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.start;
import static com.sttgateway.simulator.WatsonSdkCustomizationTest.sdk;
import static com.sttgateway.simulator.WatsonSdkCustomizationTest.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.ibm.cloud.sdk.core.service.exception.BadRequestException;
import com.ibm.cloud.sdk.core.service.exception.ConflictException;
import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The service's refusals (409, 400, 404), equal fingerprints for models built alike, and the wipe fault. */
@ExtendWith(VertxExtension.class)
class WatsonSdkCustomizationRulesTest {

  @Test
  void refusesTrainingWithoutDataAddsWhileProcessingUnknownIdsAndUnavailableModels(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options().withCustomization(SdkModelSteps.options()
        .customization().withResourceProcessing(Duration.ofMillis(1500))));
    SpeechToText stt = sdk(simulator);
    String lm = createLanguageModel(stt, "lm");
    String am = createAcousticModel(stt, "am");

    assertThatThrownBy(() -> stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(lm).build()).execute())
        .isInstanceOf(BadRequestException.class).hasMessageContaining("No input data");
    stt.addCorpus(new AddCorpusOptions.Builder(lm, "one", stream("Zorblax")).build()).execute();
    assertThatThrownBy(() -> stt.addCorpus(new AddCorpusOptions.Builder(lm, "two", stream("Quibble")).build())
        .execute()).isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(lm).build()).execute())
        .isInstanceOf(ConflictException.class);
    assertThatThrownBy(() -> stt.getLanguageModel(new GetLanguageModelOptions.Builder("no-such-id").build())
        .execute()).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> stt.getLanguageModel(new GetLanguageModelOptions.Builder(am).build()).execute())
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> stt.trainAcousticModel(new TrainAcousticModelOptions.Builder(am)
        .customLanguageModelId(lm).build()).execute()).isInstanceOf(BadRequestException.class);
    assertThatThrownBy(() -> stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(
        audio(500, 1))).contentType("audio/wav").languageCustomizationId(lm).build()).execute())
        .isInstanceOf(BadRequestException.class).hasMessageContaining("must be available");
  }

  @Test
  void modelsBuiltAlikeShareAFingerprintAndAnyDifferenceChangesIt(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options());
    SpeechToText stt = sdk(simulator);
    String first = built(stt, "first", "nyohkee");
    String second = built(stt, "second", "nyohkee");
    String other = built(stt, "other", "nokey");
    byte[] speech = audio(800, 2);

    String firstHeard = recognize(stt, first, speech);
    String secondHeard = recognize(stt, second, speech);
    String otherHeard = recognize(stt, other, speech);

    assertThat(first).isNotEqualTo(second);
    assertThat(secondHeard).isEqualTo(firstHeard).startsWith("sha256:" + SimTestSupport.sha256(speech) + "|lm:");
    assertThat(otherHeard).isNotEqualTo(firstHeard);
    assertThat(simulator.stats().customModelsByStatus()).containsEntry("language:available", 3L);
    assertThat(simulator.stats().trainings()).containsEntry("started", 3L).containsEntry("completed", 3L);
  }

  @Test
  void wipeForgetsEveryCustomModel(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options());
    SpeechToText stt = sdk(simulator);
    String lm = built(stt, "lm", "nyohkee");
    createAcousticModel(stt, "am");

    simulator.wipe();

    assertThat(stt.listLanguageModels().execute().getResult().getCustomizations()).isEmpty();
    assertThat(stt.listAcousticModels().execute().getResult().getCustomizations()).isEmpty();
    assertThatThrownBy(() -> recognize(stt, lm, audio(800, 2))).isInstanceOf(BadRequestException.class);
    assertThat(simulator.stats().customModelsByStatus()).isEmpty();
  }

  private static String built(SpeechToText stt, String name, String soundsLike) {
    String id = createLanguageModel(stt, name);
    addLanguageData(stt, id, soundsLike);
    trainLanguageModel(stt, id);
    return id;
  }

  private static String recognize(SpeechToText stt, String lm, byte[] speech) {
    return transcript(stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(speech))
        .contentType("audio/wav").languageCustomizationId(lm).build()).execute().getResult());
  }
}
