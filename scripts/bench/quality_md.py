import sys; print("md todo")
