package com.sttgateway.models;

import static com.sttgateway.models.VaultSteps.addAudio;
import static com.sttgateway.models.VaultSteps.addLanguageData;
import static com.sttgateway.models.VaultSteps.audio;
import static com.sttgateway.models.VaultSteps.awaitAcoustic;
import static com.sttgateway.models.VaultSteps.awaitLanguage;
import static com.sttgateway.models.VaultSteps.createAcousticModel;
import static com.sttgateway.models.VaultSteps.createLanguageModel;
import static com.sttgateway.models.VaultSteps.trainAcousticModel;
import static com.sttgateway.models.VaultSteps.trainLanguageModel;
import static com.sttgateway.models.VaultSteps.transcript;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.service.exception.NotFoundException;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AudioResource;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.Corpus;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.Grammar;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.ibm.watson.speech_to_text.v1.model.ListAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.ListCorporaOptions;
import com.ibm.watson.speech_to_text.v1.model.ListGrammarsOptions;
import com.ibm.watson.speech_to_text.v1.model.ListWordsOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognitionJob;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.Word;
import com.sttgateway.TestGateway;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** P8 end to end with the official Java SDK: models lost in a wipe come back, under their original ids. */
@ExtendWith(VertxExtension.class)
class VaultRestoreTest {

  @TempDir Path dataDir;
  private TestGateway env;

  @AfterEach
  void stop() {
    if (env != null) {
      env.close();
    }
  }

  @Test
  void modelsLostInAWipeAreRestoredUnderTheirOriginalIdsWithTheSameContent(Vertx vertx) throws Exception {
    env = TestGateway.start(vertx, dataDir, VaultSteps.options(Duration.ofMillis(50)), VaultSteps.fast());
    SpeechToText stt = VaultSteps.sdk(env.url(), "x");
    String lm = createLanguageModel(stt, "lm");
    addLanguageData(stt, lm);
    trainLanguageModel(stt, lm, "available");
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, audio(64_000, 9));
    trainAcousticModel(stt, am, lm);
    String doomed = createLanguageModel(stt, "doomed");
    stt.deleteLanguageModel(new DeleteLanguageModelOptions.Builder(doomed).build()).execute();
    byte[] speech = audio(5000, 4);
    String before = recognize(stt, speech, lm, am);
    List<String> corpora = corpora(stt, lm);
    List<String> words = words(stt, lm);
    String pending = submit(stt, speech, lm, am); // still waiting upstream when the wipe comes
    assertThat(before).contains("|lm:").contains("|am:");

    env.simulator.wipe();

    awaitLanguage(stt, lm, "available", Duration.ofSeconds(30));
    awaitAcoustic(stt, am, "available", Duration.ofSeconds(30));
    LanguageModel restored = stt.getLanguageModel(new GetLanguageModelOptions.Builder(lm).build()).execute()
        .getResult();
    assertThat(restored.getCustomizationId()).isEqualTo(lm);
    assertThat(corpora(stt, lm)).isEqualTo(corpora).contains("reports", "züri-notes");
    assertThat(stt.listGrammars(new ListGrammarsOptions.Builder(lm).build()).execute().getResult().getGrammars())
        .extracting(Grammar::getName).containsExactly("calls");
    assertThat(words(stt, lm)).isEqualTo(words).contains("Zürich=[zurick]/Zurich", "IEEE=[I. triple E.]/IEEE");
    assertThat(stt.listAudio(new ListAudioOptions.Builder(am).build()).execute().getResult().getAudio())
        .extracting(AudioResource::getName).containsExactlyInAnyOrder("call-1", "calls.zip");
    assertThat(completed(stt, pending)).isEqualTo(before);
    assertThat(completed(stt, submit(stt, speech, lm, am))).isEqualTo(before);
    assertThat(recognize(stt, speech, lm, am)).isEqualTo(before);
    assertThatThrownBy(() -> stt.getLanguageModel(new GetLanguageModelOptions.Builder(doomed).build()).execute())
        .isInstanceOf(NotFoundException.class);
    assertThat(stt.listLanguageModels().execute().getResult().getCustomizations())
        .extracting(LanguageModel::getCustomizationId).containsExactly(lm);
  }

  static String recognize(SpeechToText stt, byte[] speech, String lm, String am) {
    return transcript(stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(speech))
        .contentType("audio/wav").languageCustomizationId(lm).acousticCustomizationId(am).customizationWeight(0.5)
        .build()).execute().getResult());
  }

  static String submit(SpeechToText stt, byte[] speech, String lm, String am) {
    return stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(speech))
        .contentType("audio/wav").languageCustomizationId(lm).acousticCustomizationId(am).customizationWeight(0.5)
        .build()).execute().getResult().getId();
  }

  static String completed(SpeechToText stt, String id) {
    RecognitionJob job = await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200)).until(
        () -> stt.checkJob(new CheckJobOptions.Builder(id).build()).execute().getResult(),
        j -> "completed".equals(j.getStatus()));
    assertThat(job.getId()).isEqualTo(id);
    return transcript(job.getResults().get(0));
  }

  static List<String> corpora(SpeechToText stt, String lm) {
    return stt.listCorpora(new ListCorporaOptions.Builder(lm).build()).execute().getResult().getCorpora().stream()
        .map(Corpus::getName).sorted().toList();
  }

  static List<String> words(SpeechToText stt, String lm) {
    return stt.listWords(new ListWordsOptions.Builder(lm).wordType("user").build()).execute().getResult()
        .getWords().stream().map(w -> w.getWord() + "=" + w.getSoundsLike() + "/" + w.getDisplayAs()).sorted()
        .toList();
  }
}
