package com.sttgateway.simulator;

import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.SortedSet;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The words resource of a custom language model as GET .../words shows it: the out-of-vocabulary words of its
 * analyzed corpora and grammars (sources: their names) merged with the user's words (source "user"), whose
 * definitions win. Computed on demand from the immutable content; stateless.
 */
final class WordsView {

  private WordsView() {
  }

  /** One merged word; {@code user} is null for a word that only comes from corpora or grammars. */
  record Entry(String word, long count, SortedSet<String> sources, boolean fromCorpora, boolean fromGrammars,
      UserWord user) {

    JsonObject toJson() {
      JsonObject body = new JsonObject()
          .put("word", word)
          .put("sounds_like", new JsonArray(user == null ? List.of() : user.soundsLike()))
          .put("display_as", user == null || user.displayAs() == null ? word : user.displayAs())
          .put("count", count)
          .put("source", new JsonArray(List.copyOf(sources)));
      return user == null || user.mappingOnly().isEmpty() ? body
          : body.put("mapping_only", new JsonArray(user.mappingOnly()));
    }
  }

  static SortedMap<String, Entry> of(ModelContent content) {
    SortedMap<String, Entry> words = new TreeMap<>();
    addResources(words, content.corpora(), true);
    addResources(words, content.grammars(), false);
    content.words().values().forEach(user -> words.merge(user.word(),
        new Entry(user.word(), 0, sources("user"), false, false, user),
        (old, added) -> new Entry(old.word(), old.count(), union(old.sources(), "user"), old.fromCorpora(),
            old.fromGrammars(), user)));
    return words;
  }

  private static void addResources(SortedMap<String, Entry> words, Map<String, ModelResource> resources,
      boolean corpora) {
    resources.values().stream().filter(resource -> resource.status() == ResourceStatus.ANALYZED).forEach(resource ->
        resource.oovWords().forEach((word, count) -> words.merge(word,
            new Entry(word, count, sources(resource.name()), corpora, !corpora, null),
            (old, added) -> new Entry(word, old.count() + count, union(old.sources(), resource.name()),
                old.fromCorpora() || corpora, old.fromGrammars() || !corpora, old.user()))));
  }

  private static SortedSet<String> sources(String first) {
    SortedSet<String> set = new TreeSet<>();
    set.add(first);
    return set;
  }

  private static SortedSet<String> union(SortedSet<String> old, String added) {
    SortedSet<String> set = new TreeSet<>(old);
    set.add(added);
    return set;
  }
}
