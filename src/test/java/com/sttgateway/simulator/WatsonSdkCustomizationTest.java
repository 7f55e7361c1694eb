package com.sttgateway.simulator;

import static com.sttgateway.simulator.SdkModelSteps.addAudio;
import static com.sttgateway.simulator.SdkModelSteps.addLanguageData;
import static com.sttgateway.simulator.SdkModelSteps.awaitAcousticStatus;
import static com.sttgateway.simulator.SdkModelSteps.awaitLanguageStatus;
import static com.sttgateway.simulator.SdkModelSteps.createAcousticModel;
import static com.sttgateway.simulator.SdkModelSteps.createLanguageModel;
import static com.sttgateway.simulator.SdkModelSteps.trainAcousticModel;
import static com.sttgateway.simulator.SdkModelSteps.trainLanguageModel;
import static com.sttgateway.simulator.SimTestSupport.audio;
import static com.sttgateway.simulator.SimTestSupport.sha256;
import static com.sttgateway.simulator.SimTestSupport.start;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.ibm.cloud.sdk.core.security.BasicAuthenticator;
import com.ibm.watson.speech_to_text.v1.SpeechToText;
import com.ibm.watson.speech_to_text.v1.model.AudioListing;
import com.ibm.watson.speech_to_text.v1.model.AudioResource;
import com.ibm.watson.speech_to_text.v1.model.AudioResources;
import com.ibm.watson.speech_to_text.v1.model.CheckJobOptions;
import com.ibm.watson.speech_to_text.v1.model.Corpus;
import com.ibm.watson.speech_to_text.v1.model.CreateJobOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteGrammarOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.DeleteWordOptions;
import com.ibm.watson.speech_to_text.v1.model.GetAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.GetCorpusOptions;
import com.ibm.watson.speech_to_text.v1.model.GetGrammarOptions;
import com.ibm.watson.speech_to_text.v1.model.GetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.GetWordOptions;
import com.ibm.watson.speech_to_text.v1.model.Grammar;
import com.ibm.watson.speech_to_text.v1.model.LanguageModel;
import com.ibm.watson.speech_to_text.v1.model.ListAudioOptions;
import com.ibm.watson.speech_to_text.v1.model.ListLanguageModelsOptions;
import com.ibm.watson.speech_to_text.v1.model.ListWordsOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognitionJob;
import com.ibm.watson.speech_to_text.v1.model.RecognizeOptions;
import com.ibm.watson.speech_to_text.v1.model.RecognizeWithWebsocketsOptions;
import com.ibm.watson.speech_to_text.v1.model.ResetAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.ResetLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.SpeechRecognitionResults;
import com.ibm.watson.speech_to_text.v1.model.UpgradeAcousticModelOptions;
import com.ibm.watson.speech_to_text.v1.model.UpgradeLanguageModelOptions;
import com.ibm.watson.speech_to_text.v1.model.Word;
import com.ibm.watson.speech_to_text.v1.model.Words;
import com.ibm.watson.speech_to_text.v1.websocket.BaseRecognizeCallback;
import io.vertx.core.Vertx;
import io.vertx.junit5.VertxExtension;
import java.io.ByteArrayInputStream;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every customization method of the official Java SDK 16.2.0 against the simulator, over real HTTP. */
@ExtendWith(VertxExtension.class)
class WatsonSdkCustomizationTest {

  private static final String FINGERPRINTED = "sha256:%s\\|lm:[0-9a-f]{64}\\|am:[0-9a-f]{64}";

  @Test
  void sdkBuildsBothModelsAndRecognizesWithThemAsyncSyncAndOverWebSocket(Vertx vertx) throws Exception {
    Simulator simulator = start(vertx, SdkModelSteps.options().withBasePath("/instances/abc"));
    SpeechToText stt = sdk(simulator);
    String lm = createLanguageModel(stt, "lm");
    addLanguageData(stt, lm, "nyohkee");
    trainLanguageModel(stt, lm);
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, audio(64_000, 9));
    trainAcousticModel(stt, am, lm);
    byte[] speech = audio(5000, 4);

    RecognitionJob job = stt.createJob(new CreateJobOptions.Builder().audio(new ByteArrayInputStream(speech))
        .contentType("audio/wav").languageCustomizationId(lm).acousticCustomizationId(am).customizationWeight(0.5)
        .build()).execute().getResult();
    await().atMost(Duration.ofSeconds(5)).until(() -> stt.checkJob(new CheckJobOptions.Builder(job.getId()).build())
        .execute().getResult().getStatus().equals("completed"));
    String async = transcript(stt.checkJob(new CheckJobOptions.Builder(job.getId()).build()).execute().getResult()
        .getResults().get(0));
    String sync = transcript(stt.recognize(new RecognizeOptions.Builder().audio(new ByteArrayInputStream(speech))
        .contentType("audio/wav").languageCustomizationId(lm).acousticCustomizationId(am).build()).execute()
        .getResult());
    String socket = overWebSocket(stt, new RecognizeWithWebsocketsOptions.Builder()
        .audio(new ByteArrayInputStream(speech)).contentType("audio/l16;rate=16000").languageCustomizationId(lm)
        .acousticCustomizationId(am).build());
    String languageOnly = transcript(stt.recognize(new RecognizeOptions.Builder()
        .audio(new ByteArrayInputStream(speech)).contentType("audio/wav").languageCustomizationId(lm).build())
        .execute().getResult());

    assertThat(async).matches(String.format(FINGERPRINTED, sha256(speech)));
    assertThat(sync).isEqualTo(async);
    assertThat(socket).isEqualTo(async);
    assertThat(languageOnly).isEqualTo(async.substring(0, async.indexOf("|am:")));
  }

  @Test
  void sdkListsGetsUpgradesResetsAndDeletesEveryResourceAndModel(Vertx vertx) {
    Simulator simulator = start(vertx, SdkModelSteps.options());
    SpeechToText stt = sdk(simulator);
    String lm = createLanguageModel(stt, "lm");
    addLanguageData(stt, lm, "nyohkee");
    trainLanguageModel(stt, lm);
    String am = createAcousticModel(stt, "am");
    addAudio(stt, am, audio(64_000, 9));
    trainAcousticModel(stt, am, null);

    Corpus corpus = stt.getCorpus(new GetCorpusOptions.Builder(lm, "reports").build()).execute().getResult();
    Words corporaWords = stt.listWords(new ListWordsOptions.Builder(lm).wordType("corpora").sort("count").build())
        .execute().getResult();
    Word word = stt.getWord(new GetWordOptions.Builder(lm, "Zürich").build()).execute().getResult();
    Grammar grammar = stt.getGrammar(new GetGrammarOptions.Builder(lm, "calls").build()).execute().getResult();
    AudioResources audio = stt.listAudio(new ListAudioOptions.Builder(am).build()).execute().getResult();
    AudioListing archive = stt.getAudio(new GetAudioOptions.Builder(am, "calls.zip").build()).execute().getResult();
    stt.upgradeLanguageModel(new UpgradeLanguageModelOptions.Builder(lm).build()).execute();
    String upgrading = stt.getLanguageModel(new GetLanguageModelOptions.Builder(lm).build()).execute().getResult()
        .getStatus();
    awaitLanguageStatus(stt, lm, "available");
    stt.upgradeAcousticModel(new UpgradeAcousticModelOptions.Builder(am).build()).execute();
    awaitAcousticStatus(stt, am, "available");
    stt.deleteWord(new DeleteWordOptions.Builder(lm, "IEEE").build()).execute();
    stt.deleteGrammar(new DeleteGrammarOptions.Builder(lm, "calls").build()).execute();
    stt.deleteCorpus(new DeleteCorpusOptions.Builder(lm, "reports").build()).execute();
    stt.deleteAudio(new DeleteAudioOptions.Builder(am, "call-1").build()).execute();
    Words userWords = stt.listWords(new ListWordsOptions.Builder(lm).build()).execute().getResult();
    stt.resetLanguageModel(new ResetLanguageModelOptions.Builder(lm).build()).execute();
    stt.resetAcousticModel(new ResetAcousticModelOptions.Builder(am).build()).execute();
    LanguageModel reset = stt.getLanguageModel(new GetLanguageModelOptions.Builder(lm).build()).execute().getResult();
    int languageModels = stt.listLanguageModels(new ListLanguageModelsOptions.Builder().language("en-US").build())
        .execute().getResult().getCustomizations().size();
    int acousticModels = stt.listAcousticModels().execute().getResult().getCustomizations().size();
    stt.deleteLanguageModel(new DeleteLanguageModelOptions.Builder(lm).build()).execute();
    stt.deleteAcousticModel(new DeleteAcousticModelOptions.Builder(am).build()).execute();

    assertThat(corpus.getStatus()).isEqualTo("analyzed");
    assertThat(corpus.getTotalWords()).isEqualTo(9);
    assertThat(corpus.getOutOfVocabularyWords()).isEqualTo(7); // all but "The" and the second "Quibbleton"
    assertThat(corporaWords.getWords()).first().satisfies(w -> {
      assertThat(w.getWord()).isEqualTo("Quibbleton");
      assertThat(w.getCount()).isEqualTo(2);
      assertThat(w.getSource()).containsExactly("reports");
    });
    assertThat(word.getSoundsLike()).containsExactly("zurick");
    assertThat(word.getDisplayAs()).isEqualTo("Zurich");
    assertThat(grammar.getStatus()).isEqualTo("analyzed");
    assertThat(grammar.getOutOfVocabularyWords()).isEqualTo(1); // Frobnitz
    assertThat(audio.getAudio()).extracting(AudioResource::getName).containsExactly("call-1", "calls.zip");
    assertThat(audio.getTotalMinutesOfAudio()).isEqualTo(4 / 60.0);
    assertThat(archive.getContainer().getDetails().getCompression()).isEqualTo("zip");
    assertThat(upgrading).isEqualTo("upgrading");
    assertThat(userWords.getWords()).extracting(Word::getWord).containsExactly("Zürich", "gnocchi");
    assertThat(reset.getStatus()).isEqualTo("pending");
    assertThat(languageModels).isEqualTo(1);
    assertThat(acousticModels).isEqualTo(1);
    assertThat(stt.listLanguageModels().execute().getResult().getCustomizations()).isEmpty();
    assertThat(stt.listAcousticModels().execute().getResult().getCustomizations()).isEmpty();
  }

  static SpeechToText sdk(Simulator simulator) {
    SpeechToText stt = new SpeechToText(new BasicAuthenticator.Builder().username("apikey").password("k").build());
    stt.setServiceUrl(simulator.baseUrl());
    return stt;
  }

  static String transcript(SpeechRecognitionResults results) {
    return results.getResults().get(0).getAlternatives().get(0).getTranscript();
  }

  static String overWebSocket(SpeechToText stt, RecognizeWithWebsocketsOptions options) throws Exception {
    CompletableFuture<String> heard = new CompletableFuture<>();
    stt.recognizeUsingWebSocket(options, new BaseRecognizeCallback() {
      @Override
      public void onTranscription(SpeechRecognitionResults results) {
        heard.complete(transcript(results));
      }

      @Override
      public void onError(Exception e) {
        heard.completeExceptionally(e);
      }
    });
    return heard.get(10, TimeUnit.SECONDS);
  }
}
