#!/usr/bin/env python3
"""Test clips for the cat-face extractor (examples/extractors/cat_face.py), from scikit-image's bundled photographs:
a slow zoom on Chelsea (a real cat) on a grey stage, the same on the astronaut (a person, no cat), and a clip where
the cat shows on the first 8 of 48 frames only (low coverage: the pose audit's case).
Usage: cat_clips.py DIR  → DIR/cat.mp4, DIR/no_cat.mp4, DIR/low_coverage.mp4 (640×360, 24 fps, 2 s)"""
import os
import sys

import cv2
import numpy as np
from skimage import data


def clip(path, image, frames=48, start=110, end=170, shown=None):
    height, width = 360, 640
    writer = cv2.VideoWriter(path + ".tmp.mp4", cv2.VideoWriter_fourcc(*"mp4v"), 24, (width, height))
    for index in range(frames):
        canvas = np.full((height, width, 3), 128, np.uint8)
        if shown is None or index < shown:
            size = int(start + (end - start) * index / max(1, frames - 1))
            small = cv2.resize(image, (size, int(size * image.shape[0] / image.shape[1])), interpolation=cv2.INTER_AREA)
            top, left = (height - small.shape[0]) // 2, (width - small.shape[1]) // 2
            canvas[top:top + small.shape[0], left:left + small.shape[1]] = small
        writer.write(canvas)
    writer.release()
    os.replace(path + ".tmp.mp4", path)


def main():
    folder = sys.argv[1]
    os.makedirs(folder, exist_ok=True)
    cat = cv2.cvtColor(data.chelsea(), cv2.COLOR_RGB2BGR)
    person = cv2.cvtColor(data.astronaut(), cv2.COLOR_RGB2BGR)
    clip(os.path.join(folder, "cat.mp4"), cat)
    clip(os.path.join(folder, "no_cat.mp4"), person)
    clip(os.path.join(folder, "low_coverage.mp4"), cat, shown=8)


if __name__ == "__main__":
    main()
