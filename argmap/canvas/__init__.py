"""argmap.canvas"""
