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
 *       {@code /__sim/up}, {@code /__sim/wipe}, {@code /__sim/throttle?fraction=F&retry_after=S},
 *       {@code /__sim/slow?latency_ms=N}, {@code /__sim/reset} and {@code GET /__sim/stats}.</li>
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
 * <p>Deliberate simplifications: multipart/form-data recognize bodies are hashed whole; the 20-per-hour callback
 * registration limit is not enforced; notifications are tried once; jobs live in memory only.
 */
package com.sttgateway.simulator;
