package com.sttgateway.simulator;

import java.util.Locale;
import java.util.Set;

/**
 * The simulator's base-model vocabulary: about 200 of the most common English words. A corpus or grammar word is
 * out of vocabulary (OOV, listed as a word of type corpora or grammars) exactly when its lowercase form is not
 * here. A deterministic stand-in for the service's real vocabulary; stateless.
 */
final class Vocabulary {

  private static final Set<String> WORDS = Set.copyOf(java.util.Arrays.asList(("the of and a to in is you that it he was for on are as with his"
      + " they i at be this have from or one had by word but not what all were we when your can said there use an"
      + " each which she do how their if will up other about out many then them these so some her would make like"
      + " him into time has look two more write go see number no way could people my than first water been call"
      + " who oil its now find long down day did get come made may part over new sound take only little work know"
      + " place year live me back give most very after thing our just name good sentence man think say great where"
      + " help through much before line right too mean old any same tell boy follow came want show also around"
      + " form three small set put end does another well large must big even such because turn here why ask went"
      + " men read need land different home us move try kind hand picture again change off play spell air away"
      + " animal house point page letter mother answer found study still learn should world hello yes please thank"
      + " thanks today tomorrow morning evening night weather").split(" ")));

  private Vocabulary() {
  }

  static boolean contains(String word) {
    return WORDS.contains(word.toLowerCase(Locale.ROOT));
  }
}
