package com.sttgateway.models;

import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
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
import com.ibm.watson.speech_to_text.v1.model.ListCorporaOptions;
import com.ibm.watson.speech_to_text.v1.model.ListGrammarsOptions;
import com.ibm.watson.speech_to_text.v1.model.SpeechRecognitionResults;
import com.ibm.watson.speech_to_text.v1.model.TrainAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.TrainLanguageModelOptions;
import com.sttgateway.simulator.CustomizationOptions;
import com.sttgateway.simulator.SimulatorOptions;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Builds custom models through the gateway with the official Java SDK, as a client would. JUnit thread only. */
final class VaultSteps {

  static final String CORPUS = "The Zorblax quarterly report mentions Quibbleton twice. Quibbleton grows.\n";
  static final String CORPUS_DE = "Die Zürcher Straßenbahn fährt pünktlich über die Brücke nach Örlikon.\n";
  static final String GRAMMAR = "#ABNF 1.0;\nlanguage en-US;\nroot $call;\n$call = call Frobnitz | hello;\n";

  /** Fast health and recovery, as in RecoveryTest. */
  static Map<String, String> fast() {
    Map<String, String> env = new HashMap<>();
    env.put("GATEWAY_HEALTH_PROBE_INTERVAL_MILLIS", "100");
    env.put("GATEWAY_HEALTH_FAILURES_TO_DOWN", "2");
    env.put("GATEWAY_HEALTH_SUCCESSES_TO_UP", "1");
    env.put("GATEWAY_RECOVERY_INTERVAL_SECONDS", "1");
    env.put("GATEWAY_RECOVERY_BACKOFF_MILLIS", "50");
    return env;
  }

  static SimulatorOptions options(Duration processing) {
    return SimulatorOptions.defaults().withWaiting(Duration.ofSeconds(2)).withProcessing(Duration.ofMillis(100))
        .withCustomization(CustomizationOptions.defaults().withResourceProcessing(processing)
            .withTraining(Duration.ofMillis(100)).withMinTrainingAudio(Duration.ofSeconds(1)));
  }

  static SpeechToText sdk(String url, String password) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password(password)
        .build());
    stt.setServiceUrl(url);
    return stt;
  }

  static String createLanguageModel(SpeechToText stt, String name) {
    return stt.createLanguageModel(new CreateLanguageModelOptions.Builder(name, "en-US_BroadbandModel")
        .description("built by a test").build()).execute().getResult().getCustomizationId();
  }

  static void addCorpus(SpeechToText stt, String id, String name, String text) {
    stt.addCorpus(new AddCorpusOptions.Builder(id, name, stream(text)).build()).execute();
    awaitLanguage(stt, id, "ready");
  }

  /** Two corpora (one not ASCII), a grammar, two words by POST and one by PUT. */
  static void addLanguageData(SpeechToText stt, String id) {
    addCorpus(stt, id, "reports", CORPUS);
    addCorpus(stt, id, "züri-notes", CORPUS_DE);
    stt.addGrammar(new AddGrammarOptions.Builder(id, "calls", stream(GRAMMAR), "application/srgs").build())
        .execute();
    awaitLanguage(stt, id, "ready");
    stt.addWords(new AddWordsOptions.Builder(id, List.of(
        new CustomWord.Builder().word("IEEE").soundsLike(List.of("I. triple E.")).displayAs("IEEE").build(),
        new CustomWord.Builder().word("gnocchi").soundsLike(List.of("nyohkee")).build())).build()).execute();
    // The word list is processed asynchronously (409 meanwhile), as a client would, try until it is done.
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      stt.addWord(new AddWordOptions.Builder(id, "Zürich").addSoundsLike("zurick").displayAs("Zurich").build())
          .execute();
      return true;
    });
  }

  static void trainLanguageModel(SpeechToText stt, String id, String until) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      stt.trainLanguageModel(new TrainLanguageModelOptions.Builder(id).wordTypeToAdd("all").customizationWeight(0.3)
          .build()).execute();
      return true;
    });
    awaitLanguage(stt, id, until);
  }

  static String createAcousticModel(SpeechToText stt, String name) {
    return stt.createAcousticModel(new CreateAcousticModelOptions.Builder(name, "en-US_BroadbandModel").build())
        .execute().getResult().getCustomizationId();
  }

  static void addAudio(SpeechToText stt, String id, byte[] audio) {
    stt.addAudio(new AddAudioOptions.Builder(id, "call-1", new ByteArrayInputStream(audio)).contentType("audio/wav")
        .build()).execute();
    stt.addAudio(new AddAudioOptions.Builder(id, "calls.zip", new ByteArrayInputStream(audio))
        .contentType("application/zip").containedContentType("audio/wav").build()).execute();
    await().atMost(Duration.ofSeconds(10)).until(() -> stt.getAcousticModel(new GetAcousticModelOptions.Builder(id)
        .build()).execute().getResult().getStatus().equals("ready"));
  }

  static void trainAcousticModel(SpeechToText stt, String id, String languageModelId) {
    await().atMost(Duration.ofSeconds(10)).ignoreExceptions().until(() -> {
      stt.trainAcousticModel(new TrainAcousticModelOptions.Builder(id).customLanguageModelId(languageModelId)
          .build()).execute();
      return true;
    });
    awaitAcoustic(stt, id, "available", Duration.ofSeconds(10));
  }

  static void awaitLanguage(SpeechToText stt, String id, String status) {
    awaitLanguage(stt, id, status, Duration.ofSeconds(10));
  }

  /** Waits for the status with no corpus or grammar being processed. */
  static void awaitLanguage(SpeechToText stt, String id, String status, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> stt.getLanguageModel(
        new GetLanguageModelOptions.Builder(id).build()).execute().getResult().getStatus().equals(status)
        && stt.listCorpora(new ListCorporaOptions.Builder(id).build()).execute().getResult().getCorpora().stream()
            .noneMatch(c -> c.getStatus().equals("being_processed"))
        && stt.listGrammars(new ListGrammarsOptions.Builder(id).build()).execute().getResult().getGrammars()
            .stream().noneMatch(g -> g.getStatus().equals("being_processed")));
  }

  static void awaitAcoustic(SpeechToText stt, String id, String status, Duration atMost) {
    await().atMost(atMost).pollInterval(Duration.ofMillis(100)).until(() -> stt.getAcousticModel(
        new GetAcousticModelOptions.Builder(id).build()).execute().getResult().getStatus().equals(status));
  }

  static String transcript(SpeechRecognitionResults results) {
    return results.getResults().get(0).getAlternatives().get(0).getTranscript();
  }

  static byte[] audio(int size, long seed) {
    byte[] b = new byte[size];
    new Random(seed).nextBytes(b);
    return b;
  }

  static ByteArrayInputStream stream(String text) {
    return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
  }
}
