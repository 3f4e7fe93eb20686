package dam.core.library;

/**
 * One step of a non-destructive edit recipe, applied in order to the base version's pixels (as displayed, EXIF
 * orientation applied): {@code crop} {x, y, width, height} in pixels of the image at that step; {@code rotate}
 * {degrees: 90|180|270, clockwise}; {@code resize} {width and/or height; one side keeps the aspect};
 * {@code flip} {axis: horizontal|vertical}.
 */
public record EditOp(String op, Integer x, Integer y, Integer width, Integer height, Integer degrees, String axis) {

    public static EditOp crop(int x, int y, int width, int height) {
        return new EditOp("crop", x, y, width, height, null, null);
    }

    public static EditOp rotate(int degrees) {
        return new EditOp("rotate", null, null, null, null, degrees, null);
    }

    public static EditOp resize(Integer width, Integer height) {
        return new EditOp("resize", null, null, width, height, null, null);
    }

    public static EditOp flip(String axis) {
        return new EditOp("flip", null, null, null, null, null, axis);
    }
}
