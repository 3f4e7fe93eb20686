package dam.core.captions;

import java.util.Objects;

/**
 * One caption cue: shown from {@code startMs} (inclusive) to {@code endMs} (exclusive). {@code text} keeps its line
 * breaks ({@code \n}) and the basic styling tags both formats share ({@code <b> <i> <u>}); {@code id} is the WebVTT
 * identifier or the SRT counter, possibly empty.
 */
public record Cue(String id, long startMs, long endMs, String text) {

    public Cue {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (startMs < 0 || endMs <= startMs) {
            throw new IllegalArgumentException("cue must end after it starts: " + startMs + " → " + endMs);
        }
    }
}
