package io.fasterapi.bench.http;

/** The {@code /json} test's payload: one is created and serialized per request ({@code {"message":"..."}}). */
record HelloMessage(String message) {
    static final String TEXT = "Hello, World!";
}
