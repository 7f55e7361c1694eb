/**
 * A faithful stand-in for the IBM Watson Speech to Text HTTP API, used as the upstream by tests, benchmarks and
 * disaster-recovery drills. Start one with {@link com.sttgateway.simulator.Simulator#start}; on the command line with
 * {@link com.sttgateway.simulator.SimulatorCommand#run}.
 *
 * <p>What it does that a test may rely on:
 * <ul>
 *   <li>Every recognition's transcript is {@code sha256:<64 lowercase hex>} of the audio bytes received (after gzip
 *       decoding), so a test can prove which bytes reached the upstream.</li>
 *   <li>Audio whose first 7 bytes are ASCII {@code SIMFAIL} makes a job end {@code failed} (notification
 *       {@code recognitions.failed}); a sync or WebSocket recognition of it still answers normally.</li>
 *   <li>{@code POST {basePath}/__sim/echo} on the API port streams the request body back (auth required).</li>
 *   <li>{@code GET {basePath}/__sim/headers} on the API port answers the request headers it received as JSON.</li>
 *   <li>The admin port (no auth, same host as the API) serves {@code POST /__sim/down?mode=refuse|503},
 *       {@code /__sim/up}, {@code /__sim/wipe}, {@code /__sim/forget?jobs=N} (N random jobs lost),
 *       {@code /__sim/throttle?fraction=F&retry_after=S},
 *       {@code /__sim/slow?latency_ms=N&created_reply_ms=M} (M: a created job's 201 held that long),
 *       {@code /__sim/reset} and {@code GET /__sim/stats}.</li>
 *   <li>{@code POST /identity/token} on the API port (outside the base path, no Authorization) stands in for IBM
 *       Cloud IAM's API-key grant: form {@code grant_type=urn:ibm:params:oauth:grant-type:apikey&apikey=KEY}
 *       answers {@code {"access_token","refresh_token":"not_supported","token_type":"Bearer","expires_in",
 *       "expiration","scope"}}, with a lifetime of {@link com.sttgateway.simulator.SimulatorOptions#iamTokenTtl}
 *       (CLI {@code --iam-token-ttl-s}, default 3600). With an API key set, any other key answers 400
 *       {@code {"errorCode":"BXNIM0415E","errorMessage":"Provided API key could not be found."}}. The API accepts
 *       {@code Bearer <token>} until the token expires, then answers 401, in addition to the credentials above.
 *       The STT faults (503 mode, throttling, latency) leave it alone; REFUSE mode closes its port with the API.
 *       {@link com.sttgateway.simulator.Simulator#iamUrl()} is its address.</li>
 * </ul>
 *
 * <p>Custom models ({@code /v1/customizations}, {@code /v1/acoustic_customizations}, see README "The simulator"):
 * <ul>
 *   <li>A recognition (async job, sync, WebSocket) with {@code language_customization_id} (or the deprecated
 *       {@code customization_id}) and/or {@code acoustic_customization_id} has the transcript
 *       {@code sha256:<audio>|lm:<fp>|am:<fp>}, each fp the {@link com.sttgateway.simulator.ModelFingerprint} of the
 *       model as trained: base model, sorted corpora/grammars/audio (name, content type, content SHA-256), sorted
 *       user words with their definitions, training parameters (an acoustic model's includes its language model's
 *       fingerprint). Ids, model names, descriptions and timestamps stay out. Unknown, not-available or
 *       other-base-model ids answer 400.</li>
 *   <li>A corpus word is out of vocabulary when its lowercase form is not in {@code Vocabulary} (about 200 common
 *       English words). A corpus starting with {@code SIMFAIL} makes training end {@code failed}; audio starting
 *       with it ends {@code invalid}. Audio lasts bytes / 32,000 seconds (16 kHz 16-bit mono assumed); archives are
 *       not unpacked.</li>
 * </ul>
 *
 * <p>How the official SDKs send the customization calls (Java: watson-developer-cloud/java-sdk @ d051e41ba7, tag
 * v16.2.0, file {@code speech-to-text/src/main/java/com/ibm/watson/speech_to_text/v1/SpeechToText.java}, method named;
 * Node: the wire capture in /work/shared/reference/watson-async-api.md section 9.3):
 * <ul>
 *   <li>{@code createLanguageModel}, {@code createAcousticModel}: JSON {@code {name, base_model_name[, dialect]
 *       [, description]}} ({@code builder.bodyJson}).</li>
 *   <li>{@code trainLanguageModel}: POST, no body; query {@code word_type_to_add, customization_weight, strict,
 *       force}. {@code trainAcousticModel}: query {@code custom_language_model_id, strict}.
 *       {@code upgradeAcousticModel}: query {@code custom_language_model_id, force}. {@code reset*},
 *       {@code upgradeLanguageModel}: POST, no body, no query.</li>
 *   <li>{@code addCorpus}: Java sends the corpus RAW, {@code RequestUtils.inputStreamBody(corpusFile, "text/plain")}
 *       (commented "hand edit replacement for corpus file serialization"; sdk-core 9.20.0 {@code RequestUtils}
 *       wraps it in an {@code InputStreamRequestBody}), {@code allow_overwrite} in the query. Node sends
 *       multipart/form-data with a file part {@code corpus_file} (and a string as a plain JSON-encoded field
 *       {@code {"data":..}}). The simulator accepts all three and fingerprints the corpus bytes alike.</li>
 *   <li>{@code addGrammar}: raw body, {@code Content-Type} as given ({@code application/srgs} or
 *       {@code application/srgs+xml}), {@code builder.bodyContent(contentType, null, null, grammarFile)}.</li>
 *   <li>{@code addAudio}: raw body ({@code bodyContent}), {@code Content-Type} as given (an audio type,
 *       {@code application/zip}, {@code application/gzip}), {@code Contained-Content-Type} only when set.</li>
 *   <li>{@code addWords}: JSON {@code {"words":[{word, mapping_only?, sounds_like?, display_as?}]}} (Gson, nulls
 *       left out). {@code addWord}: PUT {@code .../words/{word_name}} (path-encoded), JSON
 *       {@code {word?, mapping_only?, sounds_like?, display_as?}}.</li>
 *   <li>Every list/get/delete: no body, {@code Accept: application/json}; {@code listWords} query
 *       {@code word_type, sort}; {@code list*Models} query {@code language}.</li>
 *   <li>{@code recognize}, {@code createJob}: {@code language_customization_id}, {@code acoustic_customization_id},
 *       {@code customization_weight} in the query; the Java SDK never sends the deprecated
 *       {@code customization_id}. {@code recognizeUsingWebSocket}: both ids on the upgrade URL;
 *       {@code customization_weight} stays in the start message ({@code SpeechToTextWebSocketListener
 *       .buildStartMessage} removes model and ids from it).</li>
 * </ul>
 *
 * <p>Deliberate simplifications: multipart/form-data recognize bodies are hashed whole; the 20-per-hour callback
 * registration limit is not enforced; notifications are tried once; jobs and models live in memory only; the
 * 10-million-total-words limit of language models is not enforced; a word that only comes from corpora or grammars
 * cannot be deleted by itself (delete the corpus or grammar); {@code upgrade_model} keeps the fingerprint.
 */
package com.sttgateway.simulator;
