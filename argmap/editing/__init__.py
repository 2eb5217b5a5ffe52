"""argmap.editing"""
