from .cli import emulator_1c

if __name__ == "__main__":
    emulator_1c()
