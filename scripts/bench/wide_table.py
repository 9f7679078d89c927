"""Issue 18's wide table: ROWS rows x COLS numeric columns of random normals (Python's random, seed
5) and a binary label from three of them (x0 + x1 - x2 plus noise > 0), as CSV on stdout."""
import random, sys

rows, cols = int(sys.argv[1]), int(sys.argv[2])
rng = random.Random(5)
out = sys.stdout
out.write(",".join(f"x{j}" for j in range(cols)) + ",label\n")
for _ in range(rows):
    x = [rng.gauss(0, 1) for _ in range(cols)]
    label = 1 if x[0] + x[1] - x[2] + rng.gauss(0, 0.5) > 0 else 0
    out.write(",".join(f"{v:.5f}" for v in x) + f",{label}\n")
