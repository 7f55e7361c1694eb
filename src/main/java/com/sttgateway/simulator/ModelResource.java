package com.sttgateway.simulator;

import java.util.SortedMap;

/**
 * One corpus, grammar or audio resource of a custom model; immutable. Only a digest of the uploaded bytes is kept
 * (the service never returns the content either), plus the words found in a corpus or grammar.
 *
 * @param contentType          the Content-Type it was sent with (text/plain for a corpus)
 * @param containedContentType the Contained-Content-Type of an audio archive, or null
 * @param sha256               lowercase hex SHA-256 of the content, or null while it is still being received
 * @param failMarker           the content starts with SIMFAIL (audio becomes "invalid"; a corpus fails training)
 */
record ModelResource(String name, String contentType, String containedContentType, String sha256, long bytes,
    ResourceStatus status, WordScanner.WordCount words, boolean failMarker) {

  /** Audio is taken as 16 kHz 16-bit mono PCM for its duration: 32,000 bytes a second (a simplification). */
  static final long AUDIO_BYTES_PER_SECOND = 32_000;

  /** A resource whose body is still arriving: it already blocks the model, but has no content yet. */
  static ModelResource receiving(String name, String contentType, String containedContentType) {
    return new ModelResource(name, contentType, containedContentType, null, 0, ResourceStatus.BEING_PROCESSED,
        WordScanner.WordCount.NONE, false);
  }

  ModelResource received(Upload upload) {
    return new ModelResource(name, contentType, containedContentType, upload.sha256(), upload.bytes(),
        ResourceStatus.BEING_PROCESSED, upload.words(), upload.failMarker());
  }

  /** The end of the service's analysis: text resources are analyzed; audio is ok, or invalid with SIMFAIL. */
  ModelResource analyzed(boolean audio) {
    ResourceStatus end = !audio ? ResourceStatus.ANALYZED : failMarker ? ResourceStatus.INVALID : ResourceStatus.OK;
    return new ModelResource(name, contentType, containedContentType, sha256, bytes, end, words, failMarker);
  }

  boolean processing() {
    return status == ResourceStatus.BEING_PROCESSED;
  }

  boolean archive() {
    return contentType != null && (contentType.startsWith("application/zip")
        || contentType.startsWith("application/gzip"));
  }

  long durationSeconds() {
    return bytes / AUDIO_BYTES_PER_SECOND;
  }

  SortedMap<String, Long> oovWords() {
    return words.oov();
  }

  /** What the body of an upload was: digest, length, and words for text. */
  record Upload(String sha256, long bytes, boolean failMarker, WordScanner.WordCount words) {
  }
}
