/**
 * What every HTTP version shares, and the seam between the protocols and the API: a request's
 * {@link io.fasterapi.http.HttpRequestHead}, {@link io.fasterapi.http.HttpMethod}, {@link io.fasterapi.http.HttpVersion},
 * the status rules in {@link io.fasterapi.http.HttpStatus}, field syntax ({@link io.fasterapi.http.HttpFields},
 * {@link io.fasterapi.http.HeaderLine}, {@link io.fasterapi.http.ResponseHeaders}), and the per-request
 * {@link io.fasterapi.http.HttpExchange} that an {@link io.fasterapi.http.HttpHandler} answers. HTTP/1.1
 * ({@code protocol-h1}) implements it; HTTP/2 and HTTP/3 will too, and the API sees nothing else.
 */
package io.fasterapi.http;
