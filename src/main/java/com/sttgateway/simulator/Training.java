package com.sttgateway.simulator;

/**
 * The parameters of one training request that shape the trained model; immutable. {@code force} is left out on
 * purpose: it only decides whether an unchanged model is trained again, not what training produces.
 *
 * @param wordTypeToAdd       "all" or "user" (language models), null for acoustic models
 * @param customizationWeight the weight the model is trained with, or null for the service default
 * @param strict              whether invalid resources stop training (default true)
 * @param languageModel       fingerprint of the custom language model an acoustic model trains with, or null
 */
record Training(String wordTypeToAdd, Double customizationWeight, boolean strict, String languageModel) {

  /** One canonical line for the fingerprint. */
  String canonical() {
    return "train\tword_type_to_add=" + wordTypeToAdd + "\tcustomization_weight=" + customizationWeight
        + "\tstrict=" + strict + "\tlanguage_model=" + languageModel;
  }

  /** The outcome of a finished training: what was trained and the fingerprint recognitions carry. */
  record Trained(Training training, String contentFingerprint, String fingerprint) {
  }
}
