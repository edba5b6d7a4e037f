package io.engram.llm.source;

import io.swagger.v3.oas.annotations.media.Schema;
/** One earlier turn of a conversation: {@code role} is user, assistant or system. */
@Schema(description = "One earlier turn of a conversation.")
public record HistoryMessage(
    // described, not an enum: the server takes any letter case
    @Schema(description = "Who spoke: user, assistant or system (any letter case).",
        requiredMode = Schema.RequiredMode.REQUIRED, example = "user") String role,
    @Schema(description = "What was said; not blank, at most 32000 characters.",
        requiredMode = Schema.RequiredMode.REQUIRED, minLength = 1, maxLength = 32000) String content) {
}
