// (widget being written)
