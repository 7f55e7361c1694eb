package com.sttgateway.simulator;

import java.util.Collections;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * What a custom model holds: resources by name and user words by word, sorted; immutable, a change makes a copy.
 *
 * @param wordsPending a POST .../words is still "being processed" (the service refuses other changes meanwhile)
 */
record ModelContent(SortedMap<String, ModelResource> corpora, SortedMap<String, ModelResource> grammars,
    SortedMap<String, ModelResource> audio, SortedMap<String, UserWord> words, boolean wordsPending) {

  static final ModelContent EMPTY =
      new ModelContent(new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), new TreeMap<>(), false);

  ModelContent {
    corpora = frozen(corpora);
    grammars = frozen(grammars);
    audio = frozen(audio);
    words = frozen(words);
  }

  SortedMap<String, ModelResource> resources(ResourceType type) {
    return switch (type) {
      case CORPUS -> corpora;
      case GRAMMAR -> grammars;
      case AUDIO -> audio;
    };
  }

  ModelContent with(ResourceType type, ModelResource resource) {
    SortedMap<String, ModelResource> changed = new TreeMap<>(resources(type));
    changed.put(resource.name(), resource);
    return replace(type, changed);
  }

  ModelContent without(ResourceType type, String name) {
    SortedMap<String, ModelResource> changed = new TreeMap<>(resources(type));
    changed.remove(name);
    return replace(type, changed);
  }

  ModelContent withWords(SortedMap<String, UserWord> value, boolean pending) {
    return new ModelContent(corpora, grammars, audio, value, pending);
  }

  boolean hasData() {
    return !corpora.isEmpty() || !grammars.isEmpty() || !audio.isEmpty() || !words.isEmpty();
  }

  /** A resource or a word list is still being processed. */
  boolean processing() {
    return wordsPending || corpora.values().stream().anyMatch(ModelResource::processing)
        || grammars.values().stream().anyMatch(ModelResource::processing)
        || audio.values().stream().anyMatch(ModelResource::processing);
  }

  private ModelContent replace(ResourceType type, SortedMap<String, ModelResource> changed) {
    return switch (type) {
      case CORPUS -> new ModelContent(changed, grammars, audio, words, wordsPending);
      case GRAMMAR -> new ModelContent(corpora, changed, audio, words, wordsPending);
      case AUDIO -> new ModelContent(corpora, grammars, changed, words, wordsPending);
    };
  }

  private static <V> SortedMap<String, V> frozen(SortedMap<String, V> map) {
    return Collections.unmodifiableSortedMap(new TreeMap<>(map));
  }
}
