package com.sttgateway.simulator;

import java.util.Locale;

/** Status of a custom model as the service reports it (SDK LanguageModel.Status, AcousticModel.Status). */
enum ModelStatus {
  PENDING, READY, TRAINING, AVAILABLE, UPGRADING, FAILED;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Training or upgrading: the service refuses other changes to the model (409) until it ends. */
  boolean busy() {
    return this == TRAINING || this == UPGRADING;
  }
}
