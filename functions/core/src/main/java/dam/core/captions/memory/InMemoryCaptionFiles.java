package dam.core.captions.memory;

import dam.core.captions.CaptionFiles;
import dam.core.captions.CaptionFormat;

import java.util.Map;
import java.util.TreeMap;

/** Caption files in a map (what S3 holds in the product). */
public final class InMemoryCaptionFiles implements CaptionFiles {

    private final Map<String, String> files = new TreeMap<>();

    @Override
    public synchronized void put(String key, String text, CaptionFormat format) {
        files.put(key, text);
    }

    @Override
    public synchronized String get(String key) {
        String text = files.get(key);
        if (text == null) {
            throw new IllegalStateException("no caption file at " + key);
        }
        return text;
    }

    @Override
    public synchronized void delete(String key) {
        files.remove(key);
    }

    public synchronized Map<String, String> all() {
        return Map.copyOf(files);
    }
}
