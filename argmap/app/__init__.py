"""argmap.app"""
