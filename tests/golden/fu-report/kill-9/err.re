Killed
