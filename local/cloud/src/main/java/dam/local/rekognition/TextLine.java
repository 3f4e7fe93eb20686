package dam.local.rekognition;

import java.util.List;

/** One line of recognised text and its words, each with a box and a confidence (0–100). */
public record TextLine(String text, double confidence, Box box, List<Word> words) {

    public record Word(String text, double confidence, Box box) {
    }
}
