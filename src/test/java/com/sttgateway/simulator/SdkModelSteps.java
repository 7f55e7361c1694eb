package com.sttgateway.simulator;

import static org.awaitility.Awaitility.await;

import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AddAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.AddCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.AddGrammarOptions;
import com.ibm.watson.speech_to_text.v1.model.AddWordOptions;
import com.ibm.watson.speech_to_text.v1.model.AddWordsOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.CreateLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.CustomWord;
import com.ibm.watson.speech_to_text.v1.model.GetAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/** Builds custom models through the official Java SDK, as a client of the service would; JUnit thread only. */
final class SdkModelSteps {

  static final String CORPUS = "The Zorblax quarterly report mentions Quibbleton twice. Quibbleton grows.\n";
  static final String GRAMMAR = "#ABNF 1.0;\nlanguage en-US;\nroot $call;\n$call = call Frobnitz | hello;\n";

  private SdkModelSteps() {
  }

  /** Options with fast model timings and a one-second training minimum (audio of 32,000 bytes a second). */
  static SimulatorOptions options() {
    return SimTestSupport.fastOptions().withCustomization(CustomizationOptions.defaults()
        .withResourceProcessing(Duration.ofMillis(50)).withTraining(Duration.ofMillis(100))
        .withMinTrainingAudio(Duration.ofSeconds(1)));
  }

  static String createLanguageModel(SpeechToText stt, String name) {
    return stt.createLanguageModel(new CreateLanguageModelOptions.Builder(name, "en-US_BroadbandModel")
        .description("built by a test").build()).execute().getResult().getCustomizationId();
  }

  /** A corpus, a grammar, two words (POST) and one more (PUT); waits until nothing is being processed. */
  static void addLanguageData(SpeechToText stt, String id, String soundsLike) {
    stt.addCorpus(new AddCorpusOptions.Builder(id, "reports", stream(CORPUS)).build()).execute();
    awaitLanguageStatus(stt, id, "ready");
    stt.addGrammar(new AddGrammarOptions.Builder(id, "calls", stream(GRAMMAR), "application/srgs").build())
        .execute();
    awaitLanguageStatus(stt, id, "ready");
    stt.addWords(new AddWordsOptions.Builder(id, List.of(
        new CustomWord.Builder().word("IEEE").soundsLike(List.of("I. triple E.")).displayAs("IEEE").build(),
        new CustomWord.Builder().word("gnocchi").soundsLike(List.of(soundsLike)).build())).build()).execute();
    awaitLanguageStatus(stt, id, "ready");
    stt.addWord(new AddWordOptions.Builder(id, "Zürich").addSoundsLike("zurick").displayAs("Zurich").build())
        .execute();
  }

  static void trainLanguageModel(SpeechToText stt, String id) {
    stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(id).wordTypeToAdd("all").customizationWeight(0.3)
        .build()).execute();
    awaitLanguageStatus(stt, id, "available");
  }

  static String createAcousticModel(SpeechToText stt, String name) {
    return stt.createAcousticModel(new CreateAcousticModelOptions.Builder(name, "en-US_BroadbandModel").build())
        .execute().getResult().getCustomizationId();
  }

  /** Two seconds of "audio" as a single file and the same again as a zip archive. */
  static void addAudio(SpeechToText stt, String id, byte[] audio) {
    stt.addAudio(new AddAudioOptions.Builder(id, "call-1", new ByteArrayInputStream(audio)).contentType("audio/wav")
        .build()).execute();
    stt.addAudio(new AddAudioOptions.Builder(id, "calls.zip", new ByteArrayInputStream(audio))
        .contentType("application/zip").containedContentType("audio/wav").build()).execute();
    awaitAcousticStatus(stt, id, "ready");
  }

  static void trainAcousticModel(SpeechToText stt, String id, String languageModelId) {
    stt.trainAcousticModel(new TrainAcousticModelOptions.Builder(id).customLanguageModelId(languageModelId).build())
        .execute();
    awaitAcousticStatus(stt, id, "available");
  }

  /** Waits for the status with nothing being processed (a model with a resource in analysis is already "ready"). */
  static void awaitLanguageStatus(SpeechToText stt, String id, String status) {
    await().atMost(Duration.ofSeconds(5)).until(() -> stt.getLanguageModel(
        new GetLanguageModelOptions.Builder(id).build()).execute().getResult().getStatus().equals(status)
        && notBusy(stt, id));
  }

  static void awaitAcousticStatus(SpeechToText stt, String id, String status) {
    await().atMost(Duration.ofSeconds(5)).until(() -> stt.getAcousticModel(
        new GetAcousticModelOptions.Builder(id).build()).execute().getResult().getStatus().equals(status)
        && stt.listAudio(new com.ibm.watson.speech_to_text.v1.model.ListAudioOptions.Builder(id).build()).execute()
            .getResult().getAudio().stream().noneMatch(audio -> audio.getStatus().equals("being_processed")));
  }

  private static boolean notBusy(SpeechToText stt, String id) {
    return stt.listCorpora(new com.ibm.watson.speech_to_text.v1.model.ListCorporaOptions.Builder(id).build())
        .execute().getResult().getCorpora().stream().noneMatch(c -> c.getStatus().equals("being_processed"))
        && stt.listGrammars(new com.ibm.watson.speech_to_text.v1.model.ListGrammarsOptions.Builder(id).build())
        .execute().getResult().getGrammars().stream().noneMatch(g -> g.getStatus().equals("being_processed"));
  }

  static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
