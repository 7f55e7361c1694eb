package com.sttgateway.simulator;

import java.time.Duration;

/**
 * Timing and limits of the custom model API; immutable. The limits default to the service's documented ones
 * (SDK javadoc of addCorpus, addAudio and trainAcousticModel; docs custom-usage.md); the timings default small.
 *
 * @param resourceProcessing how long an added corpus, grammar, word list or audio resource stays "being_processed"
 * @param training           how long a model stays "training" (and "upgrading")
 * @param maxModels          custom models of one kind per service instance (1024)
 * @param maxAudioBytes      largest audio resource or archive (100 MB)
 * @param minTrainingAudio   least audio a custom acoustic model needs to train (10 minutes of speech)
 * @param maxModelAudio      most audio one custom acoustic model may hold (50 hours on IBM Cloud)
 * @param maxOovWords        most out-of-vocabulary words in one custom language model (90 thousand)
 */
public record CustomizationOptions(Duration resourceProcessing, Duration training, int maxModels, long maxAudioBytes,
    Duration minTrainingAudio, Duration maxModelAudio, int maxOovWords) {

  public CustomizationOptions {
    requireNonNegative(resourceProcessing, "resourceProcessing");
    requireNonNegative(training, "training");
    requireNonNegative(minTrainingAudio, "minTrainingAudio");
    requireNonNegative(maxModelAudio, "maxModelAudio");
    if (maxModels < 1 || maxAudioBytes < 1 || maxOovWords < 1) {
      throw new IllegalArgumentException("maxModels/maxAudioBytes/maxOovWords: " + maxModels + "/" + maxAudioBytes
          + "/" + maxOovWords + " (expected: each >= 1)");
    }
  }

  /** 100 ms of resource processing, 300 ms of training, and the service's limits. */
  public static CustomizationOptions defaults() {
    return new CustomizationOptions(Duration.ofMillis(100), Duration.ofMillis(300), 1024, 100L * 1024 * 1024,
        Duration.ofMinutes(10), Duration.ofHours(50), 90_000);
  }

  public CustomizationOptions withResourceProcessing(Duration value) {
    return new CustomizationOptions(value, training, maxModels, maxAudioBytes, minTrainingAudio, maxModelAudio,
        maxOovWords);
  }

  public CustomizationOptions withTraining(Duration value) {
    return new CustomizationOptions(resourceProcessing, value, maxModels, maxAudioBytes, minTrainingAudio,
        maxModelAudio, maxOovWords);
  }

  public CustomizationOptions withMaxModels(int value) {
    return new CustomizationOptions(resourceProcessing, training, value, maxAudioBytes, minTrainingAudio,
        maxModelAudio, maxOovWords);
  }

  public CustomizationOptions withMaxAudioBytes(long value) {
    return new CustomizationOptions(resourceProcessing, training, maxModels, value, minTrainingAudio, maxModelAudio,
        maxOovWords);
  }

  public CustomizationOptions withMinTrainingAudio(Duration value) {
    return new CustomizationOptions(resourceProcessing, training, maxModels, maxAudioBytes, value, maxModelAudio,
        maxOovWords);
  }

  public CustomizationOptions withMaxModelAudio(Duration value) {
    return new CustomizationOptions(resourceProcessing, training, maxModels, maxAudioBytes, minTrainingAudio, value,
        maxOovWords);
  }

  public CustomizationOptions withMaxOovWords(int value) {
    return new CustomizationOptions(resourceProcessing, training, maxModels, maxAudioBytes, minTrainingAudio,
        maxModelAudio, value);
  }

  private static void requireNonNegative(Duration value, String name) {
    if (value == null || value.isNegative()) {
      throw new IllegalArgumentException(name + ": " + value + " (expected: a duration >= 0)");
    }
  }
}
