"""kg: knowledge graphs of China's East–West cooperation from Chinese text."""

__version__ = "0.1.0"
