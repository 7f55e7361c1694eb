package com.sttgateway.simulator;

import java.util.Locale;

/**
 * Status of a corpus, grammar or audio resource: corpora and grammars end "analyzed", audio "ok" or "invalid"
 * (SDK Corpus.Status, Grammar.Status, AudioResource.Status).
 */
enum ResourceStatus {
  BEING_PROCESSED, ANALYZED, OK, INVALID;

  String wire() {
    return name().toLowerCase(Locale.ROOT);
  }
}
