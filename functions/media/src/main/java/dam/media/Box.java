package dam.media;

/** A rectangle in relative units (0..1 of the display width/height), like face boxes and annotations. */
public record Box(double x, double y, double width, double height) {
    public Box {
        if (!(x >= 0 && y >= 0 && width > 0 && height > 0 && x + width <= 1.0001 && y + height <= 1.0001)) {
            throw new IllegalArgumentException("box must lie within 0..1 with positive size: "
                    + x + "," + y + " " + width + "×" + height);
        }
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    public double area() {
        return width * height;
    }
}
